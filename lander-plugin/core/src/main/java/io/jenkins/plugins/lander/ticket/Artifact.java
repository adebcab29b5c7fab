package io.jenkins.plugins.lander.ticket;

import java.util.Objects;

/**
 * A file archived for a ticket or subticket: a source upload, a log, a result, an image.
 *
 * @param name what a person reads, e.g. {@code hello_2.10-3/build.log}
 * @param type the seed's artifact type
 * @param reference where the data store keeps it (a URI)
 */
public record Artifact(String name, ArtifactType type, String reference) {
    public Artifact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reference, "reference");
    }
}
