package io.jenkins.plugins.lander.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.rdeps.Hint;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A ticket of a Ticket System to land, as the Jenkins ticket bridge receives it: the seed's
 * {@code execute_request} body ({@code ticket}, {@code source_packages}, {@code binary_packages},
 * {@code series}, plus the ticket's other fields), or the Ticket System's
 * {@code /api/v1/fullticket/ID/} answer. Bad input is an {@link InvalidSourceException} naming the
 * field.
 *
 * @param ticket the ticket's id in the Ticket System (where its progress is reported)
 * @param hints britney hint lines about the ticket's triggered tests ({@link Hint})
 * @param automatic the ticket was created by a machine (a sync): no mail about it unless configured
 * @param sourcePackages where each upload's descriptor ({@code .dsc} / {@code _source.changes}) is:
 *     a reference of the engine's data store, or a URL (or a path such as
 *     {@code store/ticket.7/sources/NAME}) of the Ticket System; the files it lists are beside it
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
        Overrides overrides,
        List<String> hints,
        boolean automatic) {
    private static final Pattern TICKET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+:~_-]*");

    public LandingRequest {
        sourcePackages = List.copyOf(sourcePackages);
        binaryPackages = List.copyOf(binaryPackages);
        hints = List.copyOf(hints);
    }

    /** The {@code execute_request} body. */
    public static LandingRequest fromRequest(JsonNode body) throws InvalidSourceException {
        return read(body, text(body, "ticket"), strings(body, "source_packages"));
    }

    /**
     * The Ticket System's full ticket: each subticket's upload is its SPU artifact named like its
     * {@code upload}, else its {@code .changes}, else its {@code .dsc}, fetched from where the
     * Ticket System serves its data store ({@code store/ticket.ID/sources/NAME}), whatever its store is.
     */
    public static LandingRequest fromFullTicket(JsonNode ticket) throws InvalidSourceException {
        String id = text(ticket, "id");
        checkId(id);
        List<String> sources = new ArrayList<>();
        for (JsonNode sub : ticket.path("subtickets")) {
            // where the Ticket System stores an upload (PUT /api/v1/upload/ID/NAME), whatever the artifact is called
            sources.add("store/" + Ticket.containerOf(id) + "/sources/" + descriptor(sub));
        }
        return read(ticket, id, sources);
    }

    private static void checkId(String id) throws InvalidSourceException {
        if (id == null || !TICKET_ID.matcher(id).matches()) {
            throw new InvalidSourceException("ticket: expected a ticket id, got '" + id + "'");
        }
    }

    private static LandingRequest read(JsonNode node, String id, List<String> sources) throws InvalidSourceException {
        checkId(id);
        String series = text(node, "series");
        if (series == null || !WORD.matcher(series).matches()) {
            throw new InvalidSourceException("series: expected a series name, got '" + series + "'");
        }
        if (sources.isEmpty()) {
            throw new InvalidSourceException("ticket " + id + " has no source package upload to land");
        }
        for (String s : sources) {
            if (s.isBlank() || s.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidSourceException("source_packages: '" + s.strip() + "' is not a reference or URL");
            }
        }
        return new LandingRequest(id, text(node, "title"), text(node, "description"), text(node, "owner"),
                text(node, "bug_id"), series, sources, words(node, "binary_packages"), overrides(node.path("overrides")),
                hints(node), automatic(node));
    }

    /** JSON {@code true} or {@code false}, as the Ticket System takes it; absent is false. */
    private static boolean automatic(JsonNode node) throws InvalidSourceException {
        JsonNode v = node.get("automatic");
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new InvalidSourceException("automatic: expected true or false");
        }
        return v.asBoolean();
    }

    /** The ticket's overrides, refused as every face refuses them ({@link Overrides}). */
    private static Overrides overrides(JsonNode overrides) throws InvalidSourceException {
        Set<WorkflowStep> failures = new HashSet<>();
        for (String step : strings(overrides, "ignore_failures")) {
            try {
                failures.add(WorkflowStep.parse(step));
            } catch (IllegalArgumentException e) {
                throw new InvalidSourceException("overrides.ignore_failures: unknown workflow step '" + step + "'");
            }
        }
        try {
            return new Overrides(Set.copyOf(words(overrides, "ignore_architectures")), failures,
                    overrides.path("skip_tests").asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw new InvalidSourceException("overrides." + e.getMessage());
        }
    }

    /** The ticket's hints, refused as every face refuses them ({@link Hint#parse}). */
    private static List<String> hints(JsonNode node) throws InvalidSourceException {
        List<String> hints = strings(node, "hints");
        try {
            Hint.parseAll(hints);
        } catch (IllegalArgumentException e) {
            throw new InvalidSourceException("hints: " + e.getMessage());
        }
        return hints;
    }

    private static String descriptor(JsonNode sub) throws InvalidSourceException {
        String upload = text(sub, "upload");
        String changes = null;
        String dsc = null;
        for (JsonNode artifact : sub.path("artifacts")) {
            if (!"SPU".equals(artifact.path("type").asText())) {
                continue;
            }
            String name = artifact.path("name").asText();
            String base = name.substring(name.lastIndexOf('/') + 1);
            if (base.equals(upload)) {
                return base;
            }
            if (base.endsWith("_source.changes")) {
                changes = base;
            } else if (base.endsWith(".dsc")) {
                dsc = base;
            }
        }
        if (changes != null || dsc != null) {
            return changes != null ? changes : dsc;
        }
        throw new InvalidSourceException("subticket " + sub.path("id").asText() + " has no .dsc or _source.changes artifact");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText().trim();
    }

    private static List<String> strings(JsonNode node, String field) throws InvalidSourceException {
        JsonNode v = node.get(field);
        List<String> values = new ArrayList<>();
        if (v == null || v.isNull()) {
            return values;
        }
        if (!v.isArray()) {
            throw new InvalidSourceException(field + ": expected a list");
        }
        v.forEach(e -> values.add(e.asText().trim()));
        return values;
    }

    private static List<String> words(JsonNode node, String field) throws InvalidSourceException {
        List<String> values = strings(node, field);
        for (String w : values) {
            if (!WORD.matcher(w).matches()) {
                throw new InvalidSourceException(field + ": '" + w + "' is not a package or architecture name");
            }
        }
        return values;
    }
}
