package io.jenkins.plugins.lander.notify;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's aiosmtpd as a separate mail server process on loopback, with STARTTLS or SMTPS and
 * AUTH (src/test/resources/.../smtp-server.py), and a certificate made by openssl for it.
 * Without python3-aiosmtpd the tests using it are skipped, unless {@code LANDER_REQUIRE_AIOSMTPD=1}
 * (scripts/test sets it after installing the package): then they fail.
 */
final class Aiosmtpd implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    static final String USER = "lander";
    static final String PASSWORD = "s3cret-Pass";

    private final Process process;
    private final Path out;
    private final int port;

    /** One accepted message: envelope, whether it came encrypted, who logged in, the raw text. */
    record Received(List<String> recipients, boolean encrypted, String login, String message) {}

    private Aiosmtpd(Process process, Path out, int port) {
        this.process = process;
        this.out = out;
        this.port = port;
    }

    static void requireInstalled() throws Exception {
        boolean present = run(PYTHON, "-c", "import aiosmtpd") && run("openssl", "version");
        if (!present && "1".equals(System.getenv("LANDER_REQUIRE_AIOSMTPD"))) {
            throw new IllegalStateException("python3-aiosmtpd or openssl is missing: run scripts/setup-mail-test");
        }
        Assumptions.assumeTrue(present, "python3-aiosmtpd and openssl are not installed (scripts/setup-mail-test)");
    }

    /**
     * A self-signed certificate: {@code dir/cert.pem}, {@code dir/key.pem}, for the names of
     * {@code subjectAltName} (e.g. {@code DNS:localhost,IP:127.0.0.1}).
     */
    static Path certificate(Path dir, String subjectAltName) throws Exception {
        Files.createDirectories(dir);
        if (!run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=lander-test",
                "-addext", "subjectAltName=" + subjectAltName,
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString())) {
            throw new IllegalStateException("openssl could not make a certificate");
        }
        return dir.resolve("cert.pem");
    }

    /** Starts the server ({@code starttls} or {@code smtps}) and waits until it listens. */
    static Aiosmtpd start(Path dir, String mode, Path cert) throws IOException {
        Path out = Files.createDirectories(dir.resolve("received-" + mode));
        Process p = new ProcessBuilder(PYTHON, script().toString(), out.toString(), mode, cert.toString(),
                cert.resolveSibling("key.pem").toString(), USER, PASSWORD)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("smtp-" + mode + ".log").toFile())
                .start();
        Path portFile = out.resolve("port");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(portFile) || !p.isAlive());
        if (!p.isAlive()) {
            throw new IllegalStateException("the mail server exited: " + Files.readString(dir.resolve("smtp-" + mode + ".log")));
        }
        return new Aiosmtpd(p, out, Integer.parseInt(Files.readString(portFile).trim()));
    }

    int port() {
        return port;
    }

    List<Received> received() throws IOException {
        List<Received> all = new ArrayList<>();
        for (int i = 1; Files.exists(out.resolve(i + ".json")); i++) {
            JsonNode r = Json.MAPPER.readTree(out.resolve(i + ".json").toFile());
            List<String> rcpt = new ArrayList<>();
            r.path("rcpt_tos").forEach(n -> rcpt.add(n.asText()));
            all.add(new Received(rcpt, r.path("encrypted").asBoolean(),
                    r.path("login").isNull() ? null : r.path("login").asText(),
                    Files.readString(out.resolve(i + ".eml"), StandardCharsets.ISO_8859_1)));
        }
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static Path script() {
        try {
            return Path.of(Aiosmtpd.class.getResource("smtp-server.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
