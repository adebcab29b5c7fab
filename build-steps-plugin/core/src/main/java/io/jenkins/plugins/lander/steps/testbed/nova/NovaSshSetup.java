package io.jenkins.plugins.lander.steps.testbed.nova;

import io.jenkins.plugins.lander.cloud.OpenStackSession;
import io.jenkins.plugins.lander.cloud.OpenStackSettings;
import io.jenkins.plugins.lander.cloud.Retry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openstack4j.model.compute.Server;

/**
 * The setup script of {@code autopkgtest-virt-ssh} for Nova (its {@code -s} program), the role of
 * autopkgtest's own {@code ssh-setup/nova}: {@code open} registers the key pair, boots the
 * server with base64 user-data and the ticket in its metadata, waits for ACTIVE and for ssh, and
 * prints the {@code key=value} lines virt-ssh reads; {@code cleanup} deletes the server (waiting
 * until it is gone) and the key pair; {@code revert} is cleanup then open; {@code debug-failure}
 * prints the console log and the server's state. A failed {@code open} deletes what it made.
 * Settings: the {@code OS_*} environment (or {@code LANDER_OPENRC}) and the arguments
 * {@code --image ID --flavor ID [--network ID] --login USER --key FILE --ticket ID}; later
 * calls also get {@code --server ID --keypair NAME} back from the printed {@code extraopts}.
 */
public final class NovaSshSetup {
    static final String USER_DATA = String.join("\n", "#cloud-config", "hostname: autopkgtest",
            "manage_etc_hosts: true", "apt_update: false", "apt_upgrade: false", "runcmd:",
            " - echo 'Acquire::Languages \"none\";' > /etc/apt/apt.conf.d/90nolanguages",
            " - echo 'force-unsafe-io' > /etc/dpkg/dpkg.cfg.d/autopkgtest", "");
    private static final Duration BOOT = Duration.ofMinutes(10);
    private static final Duration SSH = Duration.ofMinutes(5);
    private static final Duration GONE = Duration.ofMinutes(5);

    private final Map<String, String> options;
    private final NovaServers nova;
    private final PrintStream out;
    private final PrintStream log;

    NovaSshSetup(Map<String, String> options, NovaServers nova, PrintStream out, PrintStream log) {
        this.options = options;
        this.nova = nova;
        this.out = out;
        this.log = log;
    }

    public static void main(String[] args) {
        int exit;
        try {
            if (args.length == 0) {
                throw new IllegalArgumentException("usage: open|cleanup|revert|wait-reboot|debug-failure [options]");
            }
            Map<String, String> options = parse(List.of(args).subList(1, args.length));
            OpenStackSession session = OpenStackSession.login(OpenStackSettings.fromEnv(System.getenv()), Retry.DEFAULT);
            exit = new NovaSshSetup(options, new NovaServers(session), System.out, System.err).run(args[0]);
        } catch (Exception e) {
            System.err.println("lander nova setup: " + e.getMessage());
            exit = 1;
        }
        System.exit(exit);
    }

    int run(String command) throws Exception {
        switch (command) {
            case "open" -> open();
            case "cleanup" -> cleanup();
            case "revert" -> {
                cleanup();
                open();
            }
            case "debug-failure" -> debugFailure();
            case "wait-reboot" -> throw new IllegalArgumentException("reboot is not offered by this testbed");
            default -> throw new IllegalArgumentException("unknown command '" + command + "'");
        }
        return 0;
    }

    private void open() throws Exception {
        String ticket = require("ticket");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String name = "lander-" + ticket + "-" + suffix;
        Path key = Path.of(require("key"));
        nova.createKeypair(name, java.nio.file.Files.readString(Path.of(key + ".pub")).strip());
        String server = null;
        try {
            server = nova.boot(name, require("image"), require("flavor"), Optional.ofNullable(options.get("network")),
                    name, USER_DATA, ticket);
            log.println("booted server " + server + " (" + name + ")");
            Server active = nova.awaitActive(server, BOOT, log::println);
            String host = NovaServers.address(active);
            awaitPort(host, 22);
            out.println("login=" + require("login"));
            out.println("hostname=" + host);
            out.println("port=22");
            out.println("identity=" + key);
            out.println("capabilities=isolation-machine,revert,revert-full-system");
            out.println("extraopts=--server " + server + " --keypair " + name);
        } catch (Exception e) {
            log.println("open failed, deleting what it made: " + e.getMessage());
            if (server != null) {
                nova.delete(server, GONE);
            }
            nova.deleteKeypair(name);
            throw e;
        }
    }

    private void cleanup() throws Exception {
        String server = options.get("server");
        if (server != null) {
            nova.delete(server, GONE);
            log.println("deleted server " + server);
        }
        if (options.containsKey("keypair")) {
            nova.deleteKeypair(options.get("keypair"));
        }
    }

    private void debugFailure() throws IOException {
        String server = options.get("server");
        if (server == null) {
            log.println("no server to show");
            return;
        }
        Optional<Server> s = nova.server(server);
        log.println("server " + server + ": " + s.map(x -> x.getStatus() + (x.getFault() == null ? ""
                : " fault " + x.getFault().getMessage())).orElse("gone"));
        if (s.isPresent()) {
            log.println("console log:\n" + nova.consoleOutput(server, 100));
        }
    }

    /** Waits until the server's sshd accepts connections (virt-ssh's own first connection then logs in). */
    private static void awaitPort(String host, int port) throws IOException, InterruptedException {
        Instant end = Instant.now().plus(SSH);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 5_000);
                return;
            } catch (IOException e) {
                if (Instant.now().isAfter(end)) {
                    throw new IOException("no ssh on " + host + ":" + port + " after " + SSH.toSeconds() + " s");
                }
                Thread.sleep(2_000); // the guest's sshd starts when it starts: nothing to wait on but the port
            }
        }
    }

    private String require(String name) {
        String v = options.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    /** {@code --name value} pairs; virt-ssh also passes {@code -l LOGIN} and repeats options, the last wins. */
    static Map<String, String> parse(List<String> args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>(args);
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (i + 1 >= rest.size()) {
                throw new IllegalArgumentException("option " + a + " has no value");
            }
            if (a.equals("-l")) {
                options.put("login", rest.get(++i));
            } else if (a.startsWith("--")) {
                options.put(a.substring(2), rest.get(++i));
            } else {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
        }
        return options;
    }
}
