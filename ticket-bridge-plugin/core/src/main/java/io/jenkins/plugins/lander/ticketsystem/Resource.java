package io.jenkins.plugins.lander.ticketsystem;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's resources and their URIs, {@code /api/v1/ticket/1/}: the way one resource refers to
 * another in requests and answers, as in the seed.
 */
public enum Resource {
    TICKET("ticket"),
    SUBTICKET("subticket"),
    SPU("spu"),
    SOURCEPACKAGE("sourcepackage"),
    BINARYPACKAGE("binarypackage"),
    TICKETARTIFACT("ticketartifact"),
    SUBTICKETARTIFACT("subticketartifact");

    public static final String PREFIX = "/api/v1/";
    // a full URL or a path; the seed itself writes "/api/v1/ticket/1" without the last slash
    private static final Pattern URI = Pattern.compile("(?:https?://[^/]+)?/api/v1/([a-z]+)/([0-9]{1,18})/?");

    private final String path;

    Resource(String path) {
        this.path = path;
    }

    /** The table and the path segment share the name. */
    public String table() {
        return path;
    }

    public String uri(long id) {
        return PREFIX + path + "/" + id + "/";
    }

    /** The id a reference names, or a 400 when it names something else. */
    public long idOf(String field, String reference) {
        Matcher m = URI.matcher(reference == null ? "" : reference.trim());
        if (!m.matches() || !m.group(1).equals(path)) {
            throw ApiException.badRequest(field + ": expected a " + name().toLowerCase(Locale.ROOT)
                    + " URI such as " + uri(1) + ", got '" + reference + "'");
        }
        return Long.parseLong(m.group(2));
    }
}
