package io.jenkins.plugins.lander.source;

import java.nio.file.Path;

/** A file that a {@code .dsc} or {@code .changes} lists, checked to exist with the listed size and SHA-256. */
public record SourceFile(String name, Path path, long size, String sha256) {}
