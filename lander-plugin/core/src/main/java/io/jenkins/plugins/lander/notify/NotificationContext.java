package io.jenkins.plugins.lander.notify;

import io.jenkins.plugins.lander.ticket.SubTicket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a mail needs that the ticket does not carry; the engine knows it.
 *
 * @param uploaders who made each upload of the ticket
 * @param architecture the architecture the ticket is built for (e.g. {@code amd64}), or null
 * @param duration how long the landing took so far, or null
 * @param regressions the reverse-dependency table, empty when there is none
 * @param ticketPage the ticket's status page, or null
 * @param storeUrl where the data store's containers are served over HTTP (artifact links become
 *     {@code storeUrl/CONTAINER/NAME}), or null to link the artifacts' own references
 */
public record NotificationContext(
        List<Uploader> uploaders, String architecture, Duration duration, List<Regression> regressions,
        URI ticketPage, URI storeUrl) {

    public NotificationContext {
        uploaders = List.copyOf(uploaders);
        regressions = regressions == null ? List.of() : List.copyOf(regressions);
    }

    public static NotificationContext of(List<Uploader> uploaders) {
        return new NotificationContext(uploaders, null, null, List.of(), null, null);
    }

    public NotificationContext withArchitecture(String value) {
        return new NotificationContext(uploaders, value, duration, regressions, ticketPage, storeUrl);
    }

    public NotificationContext withDuration(Duration value) {
        return new NotificationContext(uploaders, architecture, value, regressions, ticketPage, storeUrl);
    }

    public NotificationContext withRegressions(List<Regression> value) {
        return new NotificationContext(uploaders, architecture, duration, value, ticketPage, storeUrl);
    }

    public NotificationContext withTicketPage(URI value) {
        return new NotificationContext(uploaders, architecture, duration, regressions, value, storeUrl);
    }

    public NotificationContext withStoreUrl(URI value) {
        return new NotificationContext(uploaders, architecture, duration, regressions, ticketPage, value);
    }

    Optional<Uploader> uploaderOf(SubTicket sub) {
        return uploaders.stream().filter(u -> u.made(sub)).findFirst();
    }
}
