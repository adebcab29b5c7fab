package io.jenkins.plugins.lander.landing.remote;

/**
 * A file a builder's step produced, carried inside the {@link StepResult} so the result file is
 * all the controller needs to fetch.
 *
 * @param path the path the result record names (on the builder)
 * @param base64 the file's bytes
 */
public record ResultFile(String path, String base64) {}
