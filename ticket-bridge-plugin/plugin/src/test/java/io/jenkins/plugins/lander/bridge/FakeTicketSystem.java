package io.jenkins.plugins.lander.bridge;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Ticket System on loopback that answers the seed's documented REST calls, serves the files of
 * its data store ({@code /store/ticket.ID/sources/NAME}) and records every request (the real one is a Javalin server whose Jetty would clash with Jenkins' own here).
 */
final class FakeTicketSystem implements AutoCloseable {
    /** "METHOD PATH AUTHORIZATION BODY" of each request, in arrival order. */
    record Request(String method, String path, String authorization, String body) {}

    private final HttpServer server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final Map<String, String> tickets = new ConcurrentHashMap<>();
    /** Files of the data store, by the path the server serves them at. */
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    FakeTicketSystem() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    path,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body));
            String answer = path.startsWith("/api/v1/fullticket/")
                    ? tickets.get(path.substring("/api/v1/fullticket/".length()).replace("/", ""))
                    : "{}";
            byte[] bytes =
                    (answer == null ? "{\"error\": \"no such ticket\"}" : answer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.createContext("/store/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(
                    exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization"), ""));
            byte[] bytes = files.get(path);
            exchange.sendResponseHeaders(bytes == null ? 404 : 200, bytes == null ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (bytes != null) {
                    out.write(bytes);
                }
            }
        });
        server.start();
    }

    /**
     * A native source package {@code SOURCE_VERSION.dsc} with its tarball, stored for the ticket
     * as {@code PUT /api/v1/upload/ID/NAME} stores it; returns the full ticket's subticket JSON.
     */
    String upload(String ticket, String source, String version) throws IOException {
        byte[] tarball = ("not really xz: " + source).getBytes(StandardCharsets.UTF_8);
        String tarName = source + "_" + version + ".tar.xz";
        String dscName = source + "_" + version + ".dsc";
        String dsc = "Format: 3.0 (native)\nSource: " + source + "\nBinary: " + source + "\nArchitecture: any\nVersion: "
                + version + "\nChecksums-Sha256:\n " + sha256(tarball) + " " + tarball.length + " " + tarName + "\n";
        String dir = "/store/ticket." + ticket + "/sources/";
        files.put(dir + tarName, tarball);
        files.put(dir + dscName, dsc.getBytes(StandardCharsets.UTF_8));
        return "{\"id\": 1, \"upload\": \"" + dscName + "\", \"artifacts\": ["
                + "{\"name\": \"" + dscName + "\", \"type\": \"SPU\", \"reference\": \"file:///elsewhere/" + dscName + "\"},"
                + "{\"name\": \"" + tarName + "\", \"type\": \"SPU\", \"reference\": \"file:///elsewhere/" + tarName + "\"}]}";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort();
    }

    void ticket(String id, String fullTicketJson) {
        tickets.put(id, fullTicketJson);
    }

    Request next() throws InterruptedException {
        Request r = requests.poll(60, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the Ticket System received no request within 60 s");
        }
        return r;
    }

    /** Requests received so far, without waiting. */
    java.util.List<Request> received() {
        return java.util.List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
