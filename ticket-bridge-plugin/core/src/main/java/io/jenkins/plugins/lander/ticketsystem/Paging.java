package io.jenkins.plugins.lander.ticketsystem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.jenkins.plugins.lander.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A list's {@code ?limit=} (1–1000, default 20) and {@code ?offset=}, and tastypie's {@code meta}
 * for the page, whose {@code next} and {@code previous} keep the list's filters.
 */
record Paging(int limit, int offset) {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;

    static Paging of(Context ctx) {
        return new Paging(bounded(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT), bounded(ctx, "offset", 0, 0, Integer.MAX_VALUE));
    }

    private static int bounded(Context ctx, String name, int fallback, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            n = Long.MIN_VALUE;
        }
        if (n < min || n > max) {
            throw ApiException.badRequest(name + ": expected an integer from " + min + " to " + max + ", got '" + text + "'");
        }
        return (int) n;
    }

    /** The {@code meta} object of a page of {@code total} rows listed at {@code path} with {@code filters}. */
    ObjectNode meta(String path, Map<String, String> filters, long total) {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.put("limit", limit);
        meta.put("offset", offset);
        meta.put("total_count", total);
        if ((long) offset + limit < total) {
            meta.put("next", link(path, filters, offset + limit));
        } else {
            meta.putNull("next");
        }
        if (offset > 0) {
            meta.put("previous", link(path, filters, Math.max(0, offset - limit)));
        } else {
            meta.putNull("previous");
        }
        return meta;
    }

    private String link(String path, Map<String, String> filters, int at) {
        StringBuilder out = new StringBuilder(path).append('?');
        filters.forEach((k, v) -> out.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        return out.append("limit=").append(limit).append("&offset=").append(at).toString();
    }
}
