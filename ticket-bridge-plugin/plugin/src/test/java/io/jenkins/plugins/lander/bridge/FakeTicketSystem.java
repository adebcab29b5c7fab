package io.jenkins.plugins.lander.bridge;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Ticket System on loopback that answers the seed's documented REST calls and records every
 * request (the real one is a Javalin server whose Jetty would clash with Jenkins' own here).
 */
final class FakeTicketSystem implements AutoCloseable {
    /** "METHOD PATH AUTHORIZATION BODY" of each request, in arrival order. */
    record Request(String method, String path, String authorization, String body) {}

    private final HttpServer server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final Map<String, String> tickets = new ConcurrentHashMap<>();

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
        server.start();
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
