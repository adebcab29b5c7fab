package io.jenkins.plugins.lander.ticketsystem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON request body checked field by field: exactly one JSON object in UTF-8, no field twice,
 * and an unknown field, a wrong type, a value longer than its column or a control character is
 * a 400 naming the field, before anything is written.
 */
final class RequestBody {
    /** The seed writes statuses as codes: {@code "000"} (queued) and {@code "1000"} (complete). */
    private static final Map<String, TicketStatus> STATUS_CODES = Map.of(
            "000", TicketStatus.QUEUED, "0", TicketStatus.QUEUED, "999", TicketStatus.FAILED, "1000", TicketStatus.COMPLETED);
    private static final ObjectReader READER = Json.MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    private final JsonNode node;

    private RequestBody(JsonNode node) {
        this.node = node;
    }

    static RequestBody parse(byte[] body, List<Field> allowed) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("request body is not UTF-8");
        }
        JsonNode node;
        try (JsonParser parser = READER.createParser(text)) {
            node = READER.readTree(parser);
            if (node != null && parser.nextToken() != null) {
                throw ApiException.badRequest("malformed JSON: more text after the JSON object (at character "
                        + parser.currentLocation().getCharOffset() + ")");
            }
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("expected a JSON object");
        }
        Map<String, Field> byName = new LinkedHashMap<>();
        allowed.forEach(f -> byName.put(f.json(), f));
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!byName.containsKey(name)) {
                throw ApiException.badRequest("unknown field '" + name + "' (allowed: "
                        + String.join(", ", byName.keySet().stream().sorted().toList()) + ")");
            }
        }
        return new RequestBody(node);
    }

    /**
     * A text value as the field takes it: single-line values are stripped and must not be empty;
     * none may be longer than the field's column, hold a control character (multi-line ones may
     * hold newlines and tabs) or a lone surrogate, which PostgreSQL cannot store.
     */
    static String checked(Field field, String value) {
        String v = field.multiLine() ? value : value.strip();
        if (!field.multiLine() && v.isEmpty()) {
            throw ApiException.badRequest(field.json() + ": must not be empty");
        }
        if (v.length() > field.maxLength()) {
            throw ApiException.badRequest(field.json() + ": longer than " + field.maxLength() + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            boolean layout = ch == '\n' || ch == '\r' || ch == '\t';
            if (Character.isISOControl(ch) && !(field.multiLine() && layout)) {
                throw ApiException.badRequest(String.format("%s: contains a control character (U+%04X)", field.json(), (int) ch));
            }
            if (Character.isHighSurrogate(ch) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                throw ApiException.badRequest(field.json() + ": is not valid Unicode (a lone surrogate)");
            }
        }
        return v;
    }

    boolean has(Field field) {
        return node.hasNonNull(field.json());
    }

    String text(Field field) {
        return optionalText(field).orElseThrow(() -> ApiException.badRequest(field.json() + ": required"));
    }

    /** A string field; numbers are accepted as their text (the seed sends {@code "bug_id": "12345"}). */
    Optional<String> optionalText(Field field) {
        JsonNode v = node.get(field.json());
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() && !(v.isNumber() && !field.multiLine())) {
            throw ApiException.badRequest(field.json() + ": expected a string");
        }
        return Optional.of(checked(field, v.asText()));
    }

    Optional<Integer> integer(Field field) {
        JsonNode v = node.get(field.json());
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isInt() || (v.isTextual() && v.asText().matches("-?[0-9]{1,9}"))) {
            return Optional.of(v.asInt());
        }
        throw ApiException.badRequest(field.json() + ": expected an integer");
    }

    Optional<Boolean> bool(Field field) {
        JsonNode v = node.get(field.json());
        // the seed's person API sends "True"/"False"
        if (v != null && v.isTextual() && v.asText().matches("(?i)true|false")) {
            return Optional.of(Boolean.parseBoolean(v.asText()));
        }
        return strictBool(field);
    }

    /** A JSON {@code true} or {@code false} and nothing else: for fields no seed client sends as text. */
    Optional<Boolean> strictBool(Field field) {
        JsonNode v = node.get(field.json());
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isBoolean()) {
            return Optional.of(v.asBoolean());
        }
        throw ApiException.badRequest(field.json() + ": expected true or false");
    }

    /** A list of single-line strings, each checked as the field's text. */
    List<String> stringList(Field field) {
        JsonNode v = node.get(field.json());
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw ApiException.badRequest(field.json() + ": expected a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw ApiException.badRequest(field.json() + ": expected a list of strings");
            }
            out.add(checked(field, e.asText()));
        }
        return out;
    }

    Optional<WorkflowStep> step(Field field) {
        return integer(field).map(code -> {
            try {
                return WorkflowStep.fromCode(code);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(field.json() + ": unknown workflow step " + code
                        + " (100, 200, 300, 400, 500, 999, 1000)");
            }
        });
    }

    Optional<TicketStatus> status(Field field) {
        return optionalText(field).map(text -> {
            TicketStatus coded = STATUS_CODES.get(text);
            if (coded != null) {
                return coded;
            }
            try {
                return TicketStatus.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(field.json() + ": unknown status '" + text + "' (QUEUED or 000, WAITING, RUNNING,"
                        + " COMPLETED or 1000, FAILED or 999, CANCELLED)");
            }
        });
    }

    ArtifactType artifactType(Field field, Set<ArtifactType> valid) {
        String text = text(field);
        for (ArtifactType t : valid) {
            if (t.name().equals(text.toUpperCase(Locale.ROOT))) {
                return t;
            }
        }
        throw ApiException.badRequest(field.json() + ": unknown artifact type '" + text + "' (valid: "
                + String.join(", ", valid.stream().map(Enum::name).sorted().toList()) + ")");
    }

    JsonNode raw(Field field) {
        return node.get(field.json());
    }
}
