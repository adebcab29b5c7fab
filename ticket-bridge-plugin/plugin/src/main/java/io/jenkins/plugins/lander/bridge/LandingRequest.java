package io.jenkins.plugins.lander.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A ticket to land, as the master pipeline receives it. Read either from the seed's
 * {@code execute_request} body ({@code ticket}, {@code source_packages}, {@code binary_packages},
 * {@code series}, plus the ticket's other fields) or from the Ticket System's
 * {@code /api/v1/fullticket/ID/} answer.
 *
 * @param sourcePackages the uploads' descriptors ({@code .dsc} / {@code _source.changes}) as paths or URIs
 * @param ignoreFailures workflow step codes whose failure does not fail the landing
 */
public record LandingRequest(
        String ticket,
        String title,
        String description,
        String owner,
        String bugId,
        String series,
        List<String> sourcePackages,
        List<String> binaryPackages,
        List<String> ignoreArchitectures,
        List<String> ignoreFailures,
        boolean skipTests) {
    private static final Pattern TICKET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+:~_-]*");

    /** The {@code execute_request} body. */
    static LandingRequest fromRequest(JsonNode body) throws BadRequestException {
        return read(body, text(body, "ticket"), strings(body, "source_packages"));
    }

    /** The Ticket System's full ticket: the uploads are the subtickets' SPU artifacts. */
    static LandingRequest fromFullTicket(JsonNode ticket) throws BadRequestException {
        List<String> sources = new ArrayList<>();
        for (JsonNode sub : ticket.path("subtickets")) {
            sources.add(descriptor(sub));
        }
        return read(ticket, text(ticket, "id"), sources);
    }

    private static LandingRequest read(JsonNode node, String id, List<String> sources) throws BadRequestException {
        if (id == null || !TICKET_ID.matcher(id).matches()) {
            throw new BadRequestException("ticket: expected a ticket id, got '" + id + "'");
        }
        String series = text(node, "series");
        if (series == null || !WORD.matcher(series).matches()) {
            throw new BadRequestException("series: expected a series name, got '" + series + "'");
        }
        if (sources.isEmpty()) {
            throw new BadRequestException("ticket " + id + " has no source package upload to land");
        }
        for (String s : sources) {
            if (s.isBlank() || s.contains("\n")) {
                throw new BadRequestException("source_packages: '" + s + "' is not a path or URI");
            }
        }
        JsonNode overrides = node.path("overrides");
        List<String> failures = new ArrayList<>();
        for (String step : strings(overrides, "ignore_failures")) {
            try {
                failures.add(String.valueOf(WorkflowStep.parse(step).code()));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("overrides.ignore_failures: unknown workflow step '" + step + "'");
            }
        }
        return new LandingRequest(
                id,
                text(node, "title"),
                text(node, "description"),
                text(node, "owner"),
                text(node, "bug_id"),
                series,
                sources,
                words(node, "binary_packages"),
                words(overrides, "ignore_architectures"),
                failures,
                overrides.path("skip_tests").asBoolean(false));
    }

    /** The subticket's descriptor: its SPU artifact named like its upload, else its .changes, else its .dsc. */
    private static String descriptor(JsonNode sub) throws BadRequestException {
        String upload = text(sub, "upload");
        String changes = null;
        String dsc = null;
        for (JsonNode artifact : sub.path("artifacts")) {
            if (!"SPU".equals(artifact.path("type").asText())) {
                continue;
            }
            String name = artifact.path("name").asText();
            String reference = artifact.path("reference").asText();
            String base = name.substring(name.lastIndexOf('/') + 1);
            if (base.equals(upload)) {
                return reference;
            }
            if (base.endsWith("_source.changes")) {
                changes = reference;
            } else if (base.endsWith(".dsc")) {
                dsc = reference;
            }
        }
        if (changes != null || dsc != null) {
            return changes != null ? changes : dsc;
        }
        throw new BadRequestException(
                "subticket " + sub.path("id").asText() + " has no .dsc or _source.changes artifact");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText().trim();
    }

    private static List<String> strings(JsonNode node, String field) throws BadRequestException {
        JsonNode v = node.get(field);
        List<String> values = new ArrayList<>();
        if (v == null || v.isNull()) {
            return values;
        }
        if (!v.isArray()) {
            throw new BadRequestException(field + ": expected a list");
        }
        v.forEach(e -> values.add(e.asText().trim()));
        return values;
    }

    private static List<String> words(JsonNode node, String field) throws BadRequestException {
        List<String> values = strings(node, field);
        for (String w : values) {
            if (!WORD.matcher(w).matches()) {
                throw new BadRequestException(field + ": '" + w + "' is not a package or architecture name");
            }
        }
        return values;
    }
}
