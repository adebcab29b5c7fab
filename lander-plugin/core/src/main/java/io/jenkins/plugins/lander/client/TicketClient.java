package io.jenkins.plugins.lander.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The one client of the Ticket System's REST API, for the CLI ({@code lander ticket …}) and the
 * Jenkins ticket bridge (lookups, status reports, artifacts, and the uploads it takes in): JSON in
 * and out, the bearer token (when given) on every request, an error answer turned into a
 * {@link TicketClientException}. Messages carry the status and the server's error, never the token.
 */
public final class TicketClient {
    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param base the server, e.g. {@code http://127.0.0.1:8000/}
     * @param token the bearer token, or null for read-only use
     */
    public TicketClient(URI base, String token) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.token = token;
    }

    /** A path such as {@code api/v1/ticket/1/} or a resource URI {@code /api/v1/ticket/1/}. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return send(authorized(request(path)).GET());
    }

    public JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return send(json(request(path), "POST", body));
    }

    public JsonNode patch(String path, Object body) throws IOException, InterruptedException {
        return send(json(request(path), "PATCH", body));
    }

    /** Uploads one file of a source upload to the ticket's container of the data store. */
    public JsonNode upload(long ticket, Path file) throws IOException, InterruptedException {
        BodyPublisher body = BodyPublishers.ofFile(file);
        return send(authorized(request("api/v1/upload/" + ticket + "/" + file.getFileName()))
                .header("Content-Type", "application/octet-stream")
                .PUT(body));
    }

    /**
     * Copies a file the server serves ({@code store/CONTAINER/NAME}, or an absolute URL under this
     * server) into {@code target}, refusing one larger than {@code maxBytes}: the answer's size is
     * not trusted, so a wrong or hostile server cannot fill the disk.
     */
    public void download(String path, Path target, long maxBytes) throws IOException, InterruptedException {
        URI uri = base.resolve(path);
        if (!within(uri)) {
            throw new IOException(uri + " is not a file of the Ticket System at " + base);
        }
        HttpRequest request = authorized(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() >= 400) {
                throw new TicketClientException(response.statusCode(), "GET " + uri + ": HTTP " + response.statusCode());
            }
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    total += n;
                    if (total > maxBytes) {
                        throw new IOException("GET " + uri + ": larger than " + maxBytes + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            }
        }
    }

    /** Whether the URI is on this server, under its base path (what {@link #download} fetches). */
    public boolean within(URI uri) {
        return uri.isAbsolute() && uri.getRawAuthority() != null
                && uri.getScheme().equalsIgnoreCase(base.getScheme())
                && uri.getRawAuthority().equalsIgnoreCase(base.getRawAuthority())
                && uri.normalize().getRawPath().startsWith(base.getRawPath())
                && !uri.getRawPath().contains("..");
    }

    /** The absolute URI of a resource URI, for people. */
    public URI resolve(String resourceUri) {
        return base.resolve(resourceUri);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
    }

    private HttpRequest.Builder json(HttpRequest.Builder request, String method, Object body) throws IOException {
        return authorized(request)
                .header("Content-Type", "application/json")
                .method(method, BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.build();
        HttpResponse<byte[]> response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body;
        try {
            body = response.body().length == 0 ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new TicketClientException(response.statusCode(), built.method() + " " + built.uri()
                    + ": not a Ticket System answer (HTTP " + response.statusCode() + ")");
        }
        if (response.statusCode() >= 400) {
            throw new TicketClientException(response.statusCode(), built.method() + " " + built.uri() + ": HTTP "
                    + response.statusCode() + ": " + body.path("error").asText(body.toString()));
        }
        return body;
    }

    /** The server refused the request; the message carries its error. */
    public static final class TicketClientException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public TicketClientException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
