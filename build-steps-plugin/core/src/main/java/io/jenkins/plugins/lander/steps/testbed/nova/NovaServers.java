package io.jenkins.plugins.lander.steps.testbed.nova;

import io.jenkins.plugins.lander.cloud.OpenStackSession;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.openstack4j.api.Builders;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.compute.Address;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.builder.ServerCreateBuilder;

/**
 * The Nova calls of the testbed, through OpenStack4j on an {@link OpenStackSession} (Keystone v3,
 * retries): key pairs, servers tagged with their ticket in metadata, waiting, addresses, console
 * output, and the reaping of servers whose ticket no longer lands.
 */
public final class NovaServers {
    /** The metadata item that ties a server to its ticket. */
    public static final String TICKET = "lander-ticket";
    private static final Duration POLL = Duration.ofSeconds(2);

    private final OpenStackSession session;

    public NovaServers(OpenStackSession session) {
        this.session = session;
    }

    public void createKeypair(String name, String publicKey) throws IOException {
        session.call("create key pair " + name, os -> os.compute().keypairs().create(name, publicKey));
    }

    public void deleteKeypair(String name) throws IOException {
        check("delete key pair " + name, session.call("delete key pair " + name, os -> os.compute().keypairs().delete(name)));
    }

    /** Boots a server; {@code userData} is the plain cloud-config (Nova wants it base64, OpenStack4j passes it as given). */
    public String boot(String name, String image, String flavor, Optional<String> network, String keypair,
            String userData, String ticket) throws IOException {
        ServerCreateBuilder create = Builders.server().name(name).image(image).flavor(flavor).keypairName(keypair)
                .userData(java.util.Base64.getEncoder().encodeToString(userData.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .addMetadataItem(TICKET, ticket);
        network.ifPresent(n -> create.networks(List.of(n)));
        Server server = session.call("boot server " + name, os -> os.compute().servers().boot(create.build()));
        if (server == null || server.getId() == null) {
            throw new IOException("Nova did not return the booted server " + name);
        }
        return server.getId();
    }

    /** Waits until the server is ACTIVE; ERROR (with Nova's fault) or the time limit fail. */
    public Server awaitActive(String id, Duration limit, Consumer<String> out) throws IOException, InterruptedException {
        Instant end = Instant.now().plus(limit);
        Server.Status last = null;
        while (true) {
            Server s = session.call("show server " + id, os -> os.compute().servers().get(id));
            if (s == null) {
                throw new IOException("server " + id + " vanished while booting");
            }
            if (s.getStatus() != last) {
                out.accept("server " + id + ": " + s.getStatus());
                last = s.getStatus();
            }
            if (s.getStatus() == Server.Status.ACTIVE) {
                return s;
            }
            if (s.getStatus() == Server.Status.ERROR) {
                throw new IOException("server " + id + " failed to boot: "
                        + (s.getFault() == null ? "no fault given" : s.getFault().getMessage()));
            }
            if (Instant.now().isAfter(end)) {
                throw new IOException("server " + id + " not ACTIVE after " + limit.toSeconds() + " s (" + s.getStatus() + ")");
            }
            Thread.sleep(POLL.toMillis()); // Nova has no event to wait on; its own clients poll too
        }
    }

    /** The address to reach: a floating one if any, else the last fixed one (as autopkgtest's ssh-setup/nova takes). */
    public static String address(Server server) throws IOException {
        List<Address> all = new ArrayList<>();
        if (server.getAddresses() != null && server.getAddresses().getAddresses() != null) {
            server.getAddresses().getAddresses().values().forEach(all::addAll);
        }
        return all.stream().filter(a -> "floating".equals(a.getType())).map(Address::getAddr).findFirst()
                .or(() -> all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1).getAddr()))
                .orElseThrow(() -> new IOException("server " + server.getId() + " is ACTIVE but has no address"));
    }

    /** Deletes the server and waits until Nova no longer shows it; one already gone is fine. */
    public void delete(String id, Duration limit) throws IOException, InterruptedException {
        ActionResponse r = session.call("delete server " + id, os -> os.compute().servers().delete(id));
        if (!r.isSuccess() && r.getCode() != 404) {
            throw new IOException("delete server " + id + ": " + r.getFault());
        }
        Instant end = Instant.now().plus(limit);
        while (session.call("show server " + id, os -> os.compute().servers().get(id)) != null) {
            if (Instant.now().isAfter(end)) {
                throw new IOException("server " + id + " still there " + limit.toSeconds() + " s after its delete");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    public String consoleOutput(String id, int lines) throws IOException {
        return session.call("console of server " + id, os -> os.compute().servers().getConsoleOutput(id, lines));
    }

    public Optional<Server> server(String id) throws IOException {
        return Optional.ofNullable(session.call("show server " + id, os -> os.compute().servers().get(id)));
    }

    /**
     * Deletes the servers tagged with a ticket that is not landing (a Lander killed before its
     * cleanup), as openstack-cloud-plugin deletes servers no Jenkins node owns; untagged ones
     * are never touched. Returns the ids deleted.
     */
    public List<String> reap(Set<String> liveTickets, Consumer<String> out) throws IOException, InterruptedException {
        List<String> reaped = new ArrayList<>();
        for (Server s : session.call("list servers", os -> os.compute().servers().list(true))) {
            Map<String, String> meta = s.getMetadata();
            String ticket = meta == null ? null : meta.get(TICKET);
            if (ticket != null && !liveTickets.contains(ticket)) {
                out.accept("deleting server " + s.getId() + " (" + s.getName() + ") left by ticket " + ticket);
                delete(s.getId(), Duration.ofMinutes(5));
                reaped.add(s.getId());
            }
        }
        return reaped;
    }

    private static void check(String what, ActionResponse r) throws IOException {
        if (!r.isSuccess() && r.getCode() != 404) {
            throw new IOException(what + ": " + r.getFault());
        }
    }
}
