package io.jenkins.plugins.lander.steps.launchpad;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.cloud.Retry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Launchpad's web service (lazr.restful) over {@code java.net.http}: named operations by
 * {@code ws.op} (query string for GET, form body for POST), entries and collections as JSON,
 * collections paged by {@code next_collection_link}, every request OAuth-signed. 502/503/504 and
 * broken connections are retried with back-off; other errors are {@link LaunchpadException}s with
 * Launchpad's text. Nothing here logs a request header.
 */
public final class LaunchpadClient {
    private final URI root;
    private final OAuthSigner signer;
    private final HttpClient http;
    private final Retry retry;

    /** @param root the service root, e.g. {@code https://api.launchpad.net/devel/} */
    public LaunchpadClient(URI root, OAuthSigner signer, Retry retry) {
        this.root = root.toString().endsWith("/") ? root : URI.create(root + "/");
        this.signer = signer;
        this.retry = retry;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public URI root() {
        return root;
    }

    /** A path below the service root ({@code ~owner/+archive/ubuntu/name}) or an absolute link as Launchpad gives them. */
    public URI resolve(String pathOrLink) {
        return pathOrLink.startsWith("http://") || pathOrLink.startsWith("https://")
                ? URI.create(pathOrLink) : root.resolve(pathOrLink);
    }

    /** GET of an entry or of a named operation; empty on 404. */
    public Optional<JsonNode> get(String pathOrLink, Map<String, String> query) throws IOException {
        URI uri = withQuery(resolve(pathOrLink), query);
        HttpResponse<String> r = send("GET " + path(uri), HttpRequest.newBuilder(uri).GET());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        check("GET " + path(uri), r);
        return Optional.of(Json.MAPPER.readTree(r.body()));
    }

    /** Every entry of a collection, following {@code next_collection_link}. */
    public List<JsonNode> collection(String pathOrLink, Map<String, String> query) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        Optional<JsonNode> page = get(pathOrLink, query);
        while (page.isPresent()) {
            page.get().path("entries").forEach(entries::add);
            JsonNode next = page.get().get("next_collection_link");
            page = next == null || next.isNull() ? Optional.empty() : get(next.asText(), Map.of());
        }
        return entries;
    }

    /** A named POST operation, form-encoded. */
    public Posted post(String pathOrLink, Map<String, String> form) throws IOException {
        URI uri = resolve(pathOrLink);
        String body = encode(form);
        String what = "POST " + path(uri) + " ws.op=" + form.get("ws.op");
        HttpResponse<String> r = send(what, HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        check(what, r);
        return new Posted(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
    }

    /** What a POST returned: 201 with a {@code Location} for a creation, 200 otherwise. */
    public record Posted(int status, String location, String body) {}

    private HttpResponse<String> send(String what, HttpRequest.Builder request) throws IOException {
        return retry.call(what, () -> {
            HttpRequest signed = request.copy()
                    .header("Authorization", signer.authorization())
                    .header("Accept", "application/json")
                    .timeout(Duration.ofMinutes(2))
                    .build();
            HttpResponse<String> r;
            try {
                r = http.send(signed, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
                throw new Retry.TransientException(what + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException(what + ": interrupted");
            }
            if (r.statusCode() == 502 || r.statusCode() == 503 || r.statusCode() == 504) {
                throw new Retry.TransientException(what + ": Launchpad answered " + r.statusCode());
            }
            return r;
        });
    }

    private static void check(String what, HttpResponse<String> r) throws LaunchpadException {
        if (r.statusCode() >= 400) {
            throw new LaunchpadException(what, r.statusCode(), r.body());
        }
    }

    private static URI withQuery(URI uri, Map<String, String> query) {
        if (query.isEmpty()) {
            return uri;
        }
        String sep = uri.getRawQuery() == null ? "?" : "&";
        return URI.create(uri + sep + encode(query));
    }

    static String encode(Map<String, String> form) {
        return new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String path(URI uri) {
        return uri.getRawPath();
    }
}
