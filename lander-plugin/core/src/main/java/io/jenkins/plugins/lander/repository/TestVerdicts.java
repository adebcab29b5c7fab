package io.jenkins.plugins.lander.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.landing.Verdict;
import java.sql.SQLException;
import java.util.List;

/**
 * The {@code subticket.tests} column (V6): a subticket's test verdicts as a JSON array, the same
 * for the engine's repository and the Ticket System's API, so every face shows one list.
 */
public final class TestVerdicts {
    private static final TypeReference<List<Verdict>> LIST = new TypeReference<>() {};

    private TestVerdicts() {}

    /** The column's value: null before any test ran. */
    public static String column(List<Verdict> tests) {
        if (tests == null || tests.isEmpty()) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsString(tests);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("verdicts cannot be written as JSON", e);
        }
    }

    public static List<Verdict> read(String column) throws SQLException {
        if (column == null || column.isBlank()) {
            return List.of();
        }
        try {
            return Json.MAPPER.readValue(column, LIST);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable subticket.tests column: " + e.getOriginalMessage(), e);
        }
    }

    /** The column as the API renders it: an array, empty before any test ran. */
    public static JsonNode json(String column) throws SQLException {
        return Json.MAPPER.valueToTree(read(column));
    }
}
