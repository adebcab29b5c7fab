package io.jenkins.plugins.lander.landing.remote;

import io.jenkins.plugins.lander.landing.StepConsole;

/**
 * Runs one backend action on a builder and returns the JSON its result file holds. The
 * implementation decides where (a Jenkins agent through a durable task, another host over ssh or
 * `ip netns exec`); {@code requestJson} is a {@code StepRequest}. Called again with the same
 * request after the controller restarted, it re-attaches to the still-running process (or reads
 * the finished result) instead of starting the action twice.
 */
public interface AgentLauncher {
    String run(String action, String requestJson, StepConsole console) throws Exception;
}
