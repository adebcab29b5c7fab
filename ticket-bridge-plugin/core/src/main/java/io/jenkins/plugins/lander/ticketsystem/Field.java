package io.jenkins.plugins.lander.ticketsystem;

import io.jenkins.plugins.lander.rdeps.Hint;

/**
 * Every field a request may carry, and the longest text it takes: the size (in characters) of
 * its column in {@code db/migration/V1__ticket_system.sql}, so a value that fits is stored whole
 * on H2 and PostgreSQL alike and a longer one is a 400 naming the field, never a database error.
 * Single-line fields take no control character at all; multi-line ones take newlines and tabs.
 * Fields that are not text have no length.
 */
enum Field {
    TITLE("title", 4096),
    DESCRIPTION("description", 65536, true),
    OWNER("owner", 255),
    BUG_ID("bug_id", 1024),
    SERIES("series", 64),
    /** Each name of the list: the length of a binary package's name. */
    BINARY_PACKAGES("binary_packages", 255),
    OVERRIDES("overrides", 0),
    /** Each britney hint of the list ({@code force-badtest SRC/VERSION[/ARCH]}, {@code force-skiptest SRC/VERSION}). */
    HINTS("hints", Hint.MAX_LENGTH),
    /** Created by a machine (a sync), not a person: no mail about it unless the Lander is told to (JSON true or false only). */
    AUTOMATIC("automatic", 0),
    PRIORITY("priority", 0),
    CURRENT_WORKFLOW_STEP("current_workflow_step", 0),
    STATUS("status", 16),
    REASON("reason", 65536, true),
    /** A resource URI such as {@code /api/v1/sourcepackage/1/}. */
    SOURCEPACKAGE("sourcepackage", 255),
    VERSION("version", 255),
    SOURCE_PACKAGE_UPLOAD("source_package_upload", 255),
    TICKET("ticket", 255),
    SUBTICKET("subticket", 255),
    ASSIGNEE("assignee", 255),
    /** A source or binary package's name (also the {@code ?name=} filter). */
    PACKAGE_NAME("name", 255),
    SEEDED("seeded", 0),
    ARTIFACT_NAME("name", 1024),
    REFERENCE("reference", 4096),
    ARTIFACT_TYPE("type", 16);

    private final String json;
    private final int maxLength;
    private final boolean multiLine;

    Field(String json, int maxLength) {
        this(json, maxLength, false);
    }

    Field(String json, int maxLength, boolean multiLine) {
        this.json = json;
        this.maxLength = maxLength;
        this.multiLine = multiLine;
    }

    /** The name in requests and answers. */
    String json() {
        return json;
    }

    int maxLength() {
        return maxLength;
    }

    boolean multiLine() {
        return multiLine;
    }
}
