package io.jenkins.plugins.lander.steps.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.jenkins.plugins.lander.FileTrees;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.remote.ConsoleLines;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.ppa.PpaBackend;
import io.jenkins.plugins.lander.steps.repo.RepositoryServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The write side of the PPA service, beside the published tree the {@link RepositoryServer}
 * serves: builders on other hosts add their build results to a PPA and publish a ticket over
 * HTTP, with nothing shared on disk. The PPA host's aptly stays the only writer of its database
 * (every call under {@code Aptly}'s lock), so a builder's upload never races a clean or another
 * builder.
 *
 * <pre>
 * PUT  /api/ppas/NAME/files/BATCH/FILE   one file into an upload batch (BATCH: 8-64 hex digits or '-')
 * POST /api/ppas/NAME/include/BATCH      add the batch's .dsc and .deb files to the PPA, republish it
 * POST /api/ppas/NAME/publish            {"series":…,"resuming":…,"uploads":[{"source":…,"version":…}]}
 * </pre>
 *
 * Every call needs {@code Authorization: Bearer TOKEN} and a PPA that a ticket holds; answers are
 * JSON, errors {@code {"error": "…"}} with 400 (bad input), 401 (token), 404, 409 (PPA not held).
 */
public final class PpaService {
    static final String PREFIX = "/api/ppas/";
    private static final Pattern PATH = Pattern.compile(
            "/api/ppas/([a-z0-9][a-z0-9.-]{0,63})/(files/([0-9a-f-]{8,64})/([A-Za-z0-9][A-Za-z0-9.+~_:-]{0,254})"
                    + "|include/([0-9a-f-]{8,64})|publish)");
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]{0,100}");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z.+~:-]{1,100}");
    /** No upload of a build result is larger than this (a .deb of a whole office suite is less). */
    static final long MAX_FILE = 2L << 30;

    /** What the service asks of the PPA host's backend. */
    public interface Host {
        boolean reserved(String ppa) throws Exception;

        PublishResult publish(Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console, boolean resuming)
                throws Exception;
    }

    private final Path incoming;
    private final byte[] token;
    private final PpaBackend ppas;
    private final Host host;

    /** @param incoming where upload batches wait for their include, on the PPA host */
    public PpaService(Path incoming, String token, PpaBackend ppas, Host host) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("the PPA service token must have at least 16 characters");
        }
        this.incoming = incoming.toAbsolutePath().normalize();
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.ppas = ppas;
        this.host = host;
    }

    /** Serves the API on the server that serves the PPAs. */
    public void serveOn(RepositoryServer server) {
        server.handle(PREFIX, this::handle);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            serve(exchange);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try {
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, error("a valid Authorization: Bearer token is required"));
                return;
            }
            Matcher m = PATH.matcher(exchange.getRequestURI().getRawPath());
            if (!m.matches()) {
                answer(exchange, 404, error("no such PPA service call"));
                return;
            }
            String ppa = m.group(1);
            String method = exchange.getRequestMethod();
            if (!host.reserved(ppa)) {
                answer(exchange, 409, error(ppa + " is not held by a ticket: nothing may be added to it or published from it"));
                return;
            }
            if (m.group(3) != null && method.equals("PUT")) {
                receive(exchange, m.group(3), m.group(4));
            } else if (m.group(5) != null && method.equals("POST")) {
                include(exchange, ppa, m.group(5));
            } else if (m.group(2).equals("publish") && method.equals("POST")) {
                publish(exchange, ppa);
            } else {
                answer(exchange, 405, error(method + " is not allowed here"));
            }
        } catch (BadRequest e) {
            answer(exchange, 400, error(e.getMessage()));
        } catch (Exception e) {
            answer(exchange, 500, error(e.getMessage() == null ? e.getClass().getName() : e.getMessage()));
        }
    }

    private void receive(HttpExchange exchange, String batch, String name) throws IOException, BadRequest {
        Path dir = Files.createDirectories(incoming.resolve(batch));
        Path partial = dir.resolve("." + name + ".partial");
        long written = 0;
        try (InputStream in = exchange.getRequestBody();
                OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                written += n;
                if (written > MAX_FILE) {
                    Files.deleteIfExists(partial);
                    throw new BadRequest(name + " is larger than " + MAX_FILE + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        Files.move(partial, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ObjectNode ok = Json.MAPPER.createObjectNode().put("file", name).put("bytes", written);
        answer(exchange, 200, ok);
    }

    private void include(HttpExchange exchange, String ppa, String batch) throws Exception {
        Path dir = incoming.resolve(batch);
        if (!Files.isDirectory(dir)) {
            throw new BadRequest("upload batch " + batch + " has no files");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".deb") || n.endsWith(".udeb") || n.endsWith(".dsc");
            }).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new BadRequest("upload batch " + batch + " has no .dsc or .deb file");
        }
        List<String> log = new ArrayList<>();
        try {
            ppas.include(ppa, files, log::add);
        } finally {
            FileTrees.delete(dir);
        }
        ObjectNode ok = Json.MAPPER.createObjectNode();
        files.forEach(f -> ok.withArray("included").add(f.getFileName().toString()));
        log.forEach(l -> ok.withArray("log").add(l));
        answer(exchange, 200, ok);
    }

    private void publish(HttpExchange exchange, String ppa) throws Exception {
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            body = Json.MAPPER.readTree(in.readNBytes(1 << 20));
        } catch (IOException e) {
            throw new BadRequest("the body must be JSON: " + e.getMessage());
        }
        String series = body == null ? null : body.path("series").asText(null);
        if (series == null || !PACKAGE.matcher(series).matches()) {
            throw new BadRequest("series must be a suite name");
        }
        List<SourceUpload> uploads = new ArrayList<>();
        for (JsonNode u : body.path("uploads")) {
            String source = u.path("source").asText("");
            String version = u.path("version").asText("");
            if (!PACKAGE.matcher(source).matches() || !VERSION.matcher(version).matches()) {
                throw new BadRequest("uploads: '" + source + "' '" + version + "' is not a source name and version");
            }
            // the publisher needs the names only: the files are already in the PPA
            uploads.add(new SourceUpload(null, null, source, version, List.of(), List.of(), null, List.of(), null, null));
        }
        if (uploads.isEmpty()) {
            throw new BadRequest("uploads must name at least one source and version");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PublishResult result;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Path work = Files.createTempDirectory(incoming.getParent(), "publish-");
            try {
                result = host.publish(new Ppa(ppa), series, uploads, ConsoleLines.printing(out, work),
                        body.path("resuming").asBoolean(false));
            } finally {
                FileTrees.delete(work);
            }
        }
        ObjectNode ok = Json.MAPPER.createObjectNode();
        ok.set("result", Json.MAPPER.valueToTree(result));
        bytes.toString(StandardCharsets.UTF_8).lines().forEach(l -> ok.withArray("log").add(l));
        answer(exchange, 200, ok);
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode error(String message) {
        return Json.MAPPER.createObjectNode().put("error", message);
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (status != 200) {
            // a refused body is not read: the connection cannot carry another request after it
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
