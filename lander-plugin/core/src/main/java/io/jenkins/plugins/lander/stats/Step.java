package io.jenkins.plugins.lander.stats;

import java.util.Locale;

/** The steps of a landing whose durations are kept; {@link #BUILD} and {@link #TEST} run once per upload. */
public enum Step {
    ALLOCATE,
    BUILD,
    IMAGE,
    TEST,
    PUBLISH,
    RELEASE;

    /** The name in JSON and in the database: {@code allocate}, {@code build}, … */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean perUpload() {
        return this == BUILD || this == TEST;
    }

    public static Step fromLabel(String label) {
        for (Step s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown step '" + label + "'");
    }
}
