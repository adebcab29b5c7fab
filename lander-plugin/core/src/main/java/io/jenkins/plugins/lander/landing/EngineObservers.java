package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.notify.Notifications;
import io.jenkins.plugins.lander.notify.NotifySettings;
import io.jenkins.plugins.lander.notify.TicketMail;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.stats.StatsRecorder;
import io.jenkins.plugins.lander.stats.StatsRepository;
import java.net.URI;

/**
 * What every face (the CLI, {@code lander serve}, Jenkins' controller engine) registers on its
 * engine, so that a ticket gets the same stats and the same mail whichever face landed it: the
 * landing stats and the mail about tickets, both kept in the engine's ticket database.
 */
public final class EngineObservers {
    private EngineObservers() {}

    /**
     * @param mail what to mail and how ({@link NotifySettings#fromEnvironment}; {@link NotifySettings#disabled} for none)
     * @param storeUrl where the data store is served over HTTP, for the mails' links; or null (the artifacts' own references)
     * @param ticketPages where a ticket's page is, {@code BASE + ID}; or null
     */
    public static Engine register(Engine engine, TicketDatabase db, NotifySettings mail, URI storeUrl, URI ticketPages) {
        return engine.observe(new StatsRecorder(new StatsRepository(db)))
                .observe(new TicketMail(new Notifications(mail, db), storeUrl, ticketPages));
    }
}
