package io.jenkins.plugins.lander.landing;

/**
 * A PPA of the pool, reserved for one ticket.
 *
 * @param name the pool's name for it ({@code ci-pool-001})
 * @param aptLine a {@code deb …} line an apt client uses to install from it
 * @param url the repository's base URL
 */
public record Ppa(String name, String aptLine, String url) {}
