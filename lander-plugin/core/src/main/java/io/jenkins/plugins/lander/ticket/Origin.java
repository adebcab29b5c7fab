package io.jenkins.plugins.lander.ticket;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The face a ticket came in through, which also says who lands it: a {@code lander land}
 * process lands its own ticket, the Ticket System's queue lands the tickets of its API, Jenkins
 * the tickets its bridge took. A ticket whose landing process died is resumed by whichever Lander
 * runs next on its data directory, whatever its origin.
 */
public enum Origin {
    CLI,
    API,
    JENKINS;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Origin parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
