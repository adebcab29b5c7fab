package io.jenkins.plugins.lander.steps.repo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves aptly's published tree read-only on 127.0.0.1, because the unshare testbeds cannot see
 * the host's files: a {@code file://} apt source fails inside {@code sbuild --chroot-mode=unshare}
 * (measured, see docs/steps.md) while they do share the host's network namespace during apt's
 * downloads, so a loopback URL works for sbuild, mmdebstrap and autopkgtest-virt-unshare alike.
 */
public final class RepositoryServer implements AutoCloseable {
    private final Path root;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String host;

    /** Starts serving {@code root} on a free loopback port. */
    public RepositoryServer(Path root) throws IOException {
        this(root, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /**
     * Starts serving {@code root} on {@code address}: an address builders on other hosts reach
     * (the PPA service), or port 0 for a free one.
     */
    public RepositoryServer(Path root, InetSocketAddress address) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.host = address.getAddress().getHostAddress();
        this.server = HttpServer.create(address, 16);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "lander-repository-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** e.g. {@code http://127.0.0.1:41234} */
    public URI baseUri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + server.getAddress().getPort());
    }

    /** Serves {@code path} and below with {@code handler} instead of files (the PPA service's API). */
    public void handle(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Path file = resolve(exchange.getRequestURI().getPath());
            if (file == null || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().set("Last-Modified", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(Files.getLastModifiedTime(file).toInstant().atZone(java.time.ZoneOffset.UTC)));
            if (method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
            try (InputStream in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        }
    }

    /** The file under the root a request path names, or null when it would leave the root. */
    private Path resolve(String requestPath) {
        Path candidate = root.resolve(requestPath.replaceFirst("^/+", "")).normalize();
        return candidate.startsWith(root) ? candidate : null;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
