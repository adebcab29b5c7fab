package io.jenkins.plugins.lander.steps.ppa;

import com.fasterxml.jackson.annotation.JsonValue;

/** The PPA Assigner's states: free → reserved → dirty → cleaning → free. */
public enum PpaState {
    FREE,
    RESERVED,
    DIRTY,
    CLEANING;

    /** The seed's model writes them in lower case. */
    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
