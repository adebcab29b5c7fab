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
import java.util.Iterator;
import java.util.Set;

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

    static JsonNode object(byte[] bytes, Set<String> allowed) {
        JsonNode node;
        try {
            node = STRICT.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable body: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("expected a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown field '" + name + "' (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        return node;
    }

    private static ApiException tooLarge(int maxBytes) {
        return new ApiException(413, "request body larger than " + maxBytes + " bytes");
    }
}
