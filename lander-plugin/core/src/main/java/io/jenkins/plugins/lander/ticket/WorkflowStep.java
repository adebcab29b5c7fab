package io.jenkins.plugins.lander.ticket;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The workflow step codes of the Ticket System, as the seed defines them. */
public enum WorkflowStep {
    QUEUED(100, "Queued"),
    PACKAGE_BUILDING(200, "Package Building"),
    IMAGE_BUILDING(300, "Image Building"),
    IMAGE_TESTING(400, "Image Testing"),
    PACKAGE_PUBLISHING(500, "Package Publishing"),
    FAILED(999, "Failed"),
    COMPLETE(1000, "Complete");

    private final int code;
    private final String label;

    WorkflowStep(int code, String label) {
        this.code = code;
        this.label = label;
    }

    @JsonValue
    public int code() {
        return code;
    }

    public String label() {
        return label;
    }

    public boolean isTerminal() {
        return this == FAILED || this == COMPLETE;
    }

    @JsonCreator
    public static WorkflowStep fromCode(int code) {
        return Arrays.stream(values())
                .filter(s -> s.code == code)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown workflow step " + code));
    }

    /** Accepts a code ("400") or a name ("IMAGE_TESTING", "image-testing"). */
    public static WorkflowStep parse(String text) {
        String t = text.trim();
        if (t.chars().allMatch(Character::isDigit) && !t.isEmpty()) {
            return fromCode(Integer.parseInt(t));
        }
        return valueOf(t.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
