package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.journal.Journal;

/**
 * The {@code lander} command with a crash point, for the crash tests only:
 * {@code LANDER_CRASH_AT=build-source/hello_1.0@started} halts the JVM, as {@code kill -9} would,
 * right after that journal entry reached the disk. No production entry point reads it.
 */
public final class CrashingLanderCli {
    private CrashingLanderCli() {}

    public static void main(String[] args) {
        String at = System.getenv("LANDER_CRASH_AT");
        if (at != null && !at.isBlank()) {
            Journal.onAppended(entry -> {
                if (at.equals(entry.action() + "@" + entry.state())) {
                    Runtime.getRuntime().halt(137);
                }
            });
        }
        LanderCli.main(args);
    }
}
