package io.jenkins.plugins.lander.cloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on 127.0.0.1 in front of a real service that answers chosen requests itself with
 * an error (a 503 as an overloaded Swift proxy gives it), and passes the others through, streamed.
 */
public final class FaultyProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive", "date");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile int failFirst;
    private volatile int passFirst = Integer.MAX_VALUE;
    private volatile int status = 503;

    public FaultyProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The proxy's URL for the same path as {@code url} of the target. */
    public URI url(URI url) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + url.getRawPath());
    }

    /** The next {@code n} requests get {@code status}, the rest pass. */
    public FaultyProxy failFirst(int n, int status) {
        this.status = status;
        this.passFirst = Integer.MAX_VALUE;
        this.failFirst = requests.get() + n;
        return this;
    }

    /** The next {@code n} requests pass, every later one gets {@code status}. */
    public FaultyProxy failAfter(int n, int status) {
        this.status = status;
        this.failFirst = 0;
        this.passFirst = requests.get() + n;
        return this;
    }

    public int requests() {
        return requests.get();
    }

    public int failed() {
        return failed.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int n = requests.incrementAndGet();
            if (n <= failFirst || n > passFirst) {
                failed.incrementAndGet();
                exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
                byte[] body = "injected failure\n".getBytes();
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            forward(exchange);
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.getScheme() + "://" + target.getRawAuthority() + path));
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                h.getValue().forEach(v -> request.header(h.getKey(), v));
            }
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        long size = length == null ? 0 : Long.parseLong(length);
        InputStream body = exchange.getRequestBody();
        request.method(exchange.getRequestMethod(), size == 0
                ? BodyPublishers.noBody()
                : BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> body), size));
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((k, v) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                exchange.getResponseHeaders().put(k, v);
            }
        });
        long responseLength = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        boolean empty = exchange.getRequestMethod().equals("HEAD") || response.statusCode() == 204
                || response.statusCode() == 304 || responseLength == 0;
        if (empty) {
            // HEAD answers keep their Content-Length header, with no body
            if (responseLength > 0) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(responseLength));
            }
            exchange.sendResponseHeaders(response.statusCode(), -1);
            response.body().close();
            return;
        }
        exchange.sendResponseHeaders(response.statusCode(), Math.max(responseLength, 0));
        try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
            in.transferTo(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
