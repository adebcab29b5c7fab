package io.jenkins.plugins.lander.ticketsystem;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.ticket.IllegalTransitionException;

/**
 * A request the API refuses: answered with {@code status} and {@code {"error": message}}, plus
 * any fields that help the client (the states a ticket may go to, for a 409).
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient ObjectNode answer;

    public ApiException(int status, String message) {
        this(status, message, Json.MAPPER.createObjectNode());
    }

    private ApiException(int status, String message, ObjectNode extra) {
        super(message);
        this.status = status;
        this.answer = Json.MAPPER.createObjectNode().put("error", message);
        answer.setAll(extra);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** A 409 for a step or status change the state machine refuses, with the states it allows: {@code "allowed"}. */
    static ApiException conflict(String what, IllegalTransitionException e) {
        ObjectNode extra = Json.MAPPER.createObjectNode();
        ArrayNode allowed = extra.putArray("allowed");
        e.allowed().forEach(s -> allowed.addObject().put("current_workflow_step", s.step().code()).put("status", s.status().name()));
        return new ApiException(409, what + ": " + e.getMessage(), extra);
    }

    public int status() {
        return status;
    }

    /** The JSON answer: {@code {"error": ...}} and the extra fields. */
    ObjectNode answer() {
        return answer.deepCopy();
    }
}
