package io.jenkins.plugins.lander.steps.ppa;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One PPA of the pool as the PPA Assigner's model has it.
 *
 * @param ticketId the ticket holding it; kept through dirty and cleaning to say whose it was, null when free
 */
public record PoolEntry(String name, PpaState state, @JsonProperty("ticket_id") String ticketId) {
    PoolEntry with(PpaState newState, String ticket) {
        return new PoolEntry(name, newState, ticket);
    }
}
