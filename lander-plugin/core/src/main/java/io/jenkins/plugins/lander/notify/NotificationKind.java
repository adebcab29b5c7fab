package io.jenkins.plugins.lander.notify;

/** What a mail is about; the names are those of the outbox's {@code kind} column. */
enum NotificationKind {
    /** A ticket reached its final state. */
    FINISHED("finished"),
    /** One upload of a ticket failed to build or to upload. */
    BUILD_FAILED("build-failed");

    private final String column;

    NotificationKind(String column) {
        this.column = column;
    }

    String column() {
        return column;
    }
}
