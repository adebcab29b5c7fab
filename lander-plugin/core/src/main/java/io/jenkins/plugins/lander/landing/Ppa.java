package io.jenkins.plugins.lander.landing;

/**
 * A PPA of the pool, reserved for one ticket, by its pool name ({@code ci-pool-001}). Only the
 * name is journaled: where the PPA is served (its apt line) depends on the process and the host
 * that uses it, so the backend resolves it when it is used ({@link LandingSteps#aptLine}).
 */
public record Ppa(String name) {}
