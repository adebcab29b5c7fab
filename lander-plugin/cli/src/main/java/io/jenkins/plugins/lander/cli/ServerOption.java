package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.client.TicketClient;
import io.jenkins.plugins.lander.ticketsystem.ApiToken;
import io.jenkins.plugins.lander.ticketsystem.TicketServerConfig;
import java.io.IOException;
import java.net.URI;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --url} of the Ticket System, and the token from {@code LANDER_API_TOKEN} or the data directory. */
final class ServerOption {
    @Option(names = {"-u", "--url"}, paramLabel = "URL",
            description = "Ticket System URL (default: $LANDER_URL, else http://127.0.0.1:" + TicketServerConfig.DEFAULT_PORT + "/).")
    URI url;

    @Mixin
    DataOption data;

    URI resolve() {
        if (url != null) {
            return url;
        }
        String env = System.getenv("LANDER_URL");
        return URI.create(env != null && !env.isBlank() ? env : "http://127.0.0.1:" + TicketServerConfig.DEFAULT_PORT + "/");
    }

    /** A client that can write: the token must be known. */
    TicketClient writer() throws IOException {
        String token = ApiToken.forClient(data.resolve(), System.getenv(ApiToken.ENV)).orElseThrow(() -> new BadInputException(
                "no API token: set " + ApiToken.ENV + " or give --data DIR of the server (DIR/" + ApiToken.FILE + ")"));
        return new TicketClient(resolve(), token);
    }

    TicketClient reader() {
        return new TicketClient(resolve(), null);
    }
}
