package io.jenkins.plugins.lander.ticketsystem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.http.Context;
import io.jenkins.plugins.lander.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON object read from a request with a byte limit that holds whatever the framing: a declared
 * {@code Content-Length} over the limit is refused unread, and a chunked or lying body is read to
 * at most one byte past the limit before it is refused, so the server never buffers more. Parsing is
 * strict: a field given twice, trailing content or an unknown field is a 400.
 */
final class JsonBody {
    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonBody() {}

    /** The body as a JSON object whose fields are all in {@code allowed}; 413 past {@code maxBytes}. */
    static JsonNode read(Context ctx, int maxBytes, Set<String> allowed) throws IOException {
        if (ctx.contentLength() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(maxBytes + 1);
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return object(bytes, allowed);
    }

    /** The bytes as a JSON object whose fields are all in {@code allowed}. */
    static JsonNode object(byte[] bytes, Set<String> allowed) {
        JsonNode node = parse(bytes);
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("unknown field '" + unknown.get(0) + "' (allowed: "
                    + String.join(", ", new TreeSet<>(allowed)) + ")");
        }
        return node;
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = STRICT.readTree(bytes);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable body: " + e.getMessage());
        }
        throw ApiException.badRequest("expected a JSON object");
    }

    private static ApiException tooLarge(int maxBytes) {
        return new ApiException(413, "request body larger than " + maxBytes + " bytes");
    }
}
