package io.jenkins.plugins.lander.ticket;

/** Artifact types of the seed: SPU/RESULTS/LOGS on subtickets, RESULTS/LOGS/IMAGE on tickets. */
public enum ArtifactType {
    SPU,
    RESULTS,
    LOGS,
    IMAGE
}
