package io.jenkins.plugins.lander.landing.remote;

/**
 * A file a {@link StepRequest} needs on the builder, beside the request file.
 *
 * @param name the plain file name the builder reads in the request's directory
 * @param size its size in bytes, checked by the builder
 * @param sha256 its SHA-256, checked by the builder
 * @param from where the controller has it: the launcher copies it from there; the builder never
 *     reads this path
 */
public record StagedFile(String name, long size, String sha256, String from) {}
