package io.jenkins.plugins.lander.plugin;

/** The tristate of the seeds for telling the world: tickets are updated, only logged, or left alone. */
public enum NotificationMode {
    YES("Report to tickets"),
    DRY_RUN("Dry run: log what would be reported"),
    NO("Do not report");

    private final String displayName;

    NotificationMode(String displayName) {
        this.displayName = displayName;
    }

    public String getDisplayName() {
        return displayName;
    }
}
