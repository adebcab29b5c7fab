package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.ticket.ArtifactType;

/**
 * A file a step produced that the Lander archives to the data store.
 *
 * @param name the name in the ticket's container, e.g. {@code hello_2.10-3/build.log}
 * @param path where the step left it on this machine
 */
public record ArchivedFile(String name, ArtifactType type, String path) {}
