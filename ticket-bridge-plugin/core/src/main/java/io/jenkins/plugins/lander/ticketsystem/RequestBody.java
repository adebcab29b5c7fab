package io.jenkins.plugins.lander.ticketsystem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON request body checked field by field: an unknown field, a wrong type or a bad value is a
 * 400 naming the field, before anything is written.
 */
final class RequestBody {
    /** The seed writes statuses as codes: {@code "000"} (queued) and {@code "1000"} (complete). */
    private static final Map<String, TicketStatus> STATUS_CODES = Map.of(
            "000", TicketStatus.QUEUED, "0", TicketStatus.QUEUED, "999", TicketStatus.FAILED, "1000", TicketStatus.COMPLETED);
    private final JsonNode node;

    private RequestBody(JsonNode node) {
        this.node = node;
    }

    static RequestBody parse(String text, Set<String> allowed) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
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
        return new RequestBody(node);
    }

    boolean has(String field) {
        return node.hasNonNull(field);
    }

    String text(String field) {
        return optionalText(field).orElseThrow(() -> ApiException.badRequest(field + ": required"));
    }

    /** A string field; numbers are accepted as their text (the seed sends {@code "bug_id": "12345"}). */
    Optional<String> optionalText(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw ApiException.badRequest(field + ": expected a string");
        }
        String s = v.asText().strip();
        if (s.isEmpty()) {
            throw ApiException.badRequest(field + ": must not be empty");
        }
        if (s.length() > 4096) {
            throw ApiException.badRequest(field + ": longer than 4096 characters");
        }
        return Optional.of(s);
    }

    /** A long text (a description): up to 64 KiB. */
    Optional<String> longText(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field + ": expected a string");
        }
        if (v.asText().length() > 65536) {
            throw ApiException.badRequest(field + ": longer than 65536 characters");
        }
        return Optional.of(v.asText());
    }

    Optional<Integer> integer(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isInt() || (v.isTextual() && v.asText().matches("-?[0-9]{1,9}"))) {
            return Optional.of(v.asInt());
        }
        throw ApiException.badRequest(field + ": expected an integer");
    }

    Optional<Boolean> bool(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isBoolean()) {
            return Optional.of(v.asBoolean());
        }
        // the seed's person API sends "True"/"False"
        if (v.isTextual() && v.asText().matches("(?i)true|false")) {
            return Optional.of(Boolean.parseBoolean(v.asText()));
        }
        throw ApiException.badRequest(field + ": expected true or false");
    }

    List<String> stringList(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw ApiException.badRequest(field + ": expected a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual() || e.asText().isBlank()) {
                throw ApiException.badRequest(field + ": expected a list of strings");
            }
            out.add(e.asText().strip());
        }
        return out;
    }

    Optional<WorkflowStep> step(String field) {
        return integer(field).map(code -> {
            try {
                return WorkflowStep.fromCode(code);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(field + ": unknown workflow step " + code
                        + " (100, 200, 300, 400, 500, 999, 1000)");
            }
        });
    }

    Optional<TicketStatus> status(String field) {
        return optionalText(field).map(text -> {
            TicketStatus coded = STATUS_CODES.get(text);
            if (coded != null) {
                return coded;
            }
            try {
                return TicketStatus.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(field + ": unknown status '" + text + "' (QUEUED or 000, WAITING, RUNNING,"
                        + " COMPLETED or 1000, FAILED or 999, CANCELLED)");
            }
        });
    }

    ArtifactType artifactType(String field, Set<ArtifactType> valid) {
        String text = text(field);
        for (ArtifactType t : valid) {
            if (t.name().equals(text.toUpperCase(Locale.ROOT))) {
                return t;
            }
        }
        throw ApiException.badRequest(field + ": unknown artifact type '" + text + "' (valid: "
                + String.join(", ", valid.stream().map(Enum::name).sorted().toList()) + ")");
    }

    JsonNode raw(String field) {
        return node.get(field);
    }
}
