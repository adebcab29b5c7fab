package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.remote.CommandAgentLauncher;
import io.jenkins.plugins.lander.landing.remote.RemoteLandingSteps;
import io.jenkins.plugins.lander.steps.LandingBackend;
import io.jenkins.plugins.lander.steps.local.LocalLandingSteps;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where a Lander's builds run, from the environment (or {@code lander.conf}'s process overrides):
 *
 * <ul>
 *   <li>{@code LANDER_PPA_TOKEN}: serve the PPA service's API (builders on other hosts add their
 *       results with this bearer token); the PPAs are served at {@code LANDER_PPA_ADDRESS}.
 *   <li>{@code LANDER_PPA_SERVICE}: the URL of the data directory's PPA service when another
 *       process serves it ({@code lander ppa-service}); builders are pointed there.
 *   <li>{@code LANDER_AGENT_COMMAND}: the command that runs its arguments on the builder (e.g. a
 *       script around {@code ssh builder} or {@code ip netns exec builder}); set, the builds,
 *       images, tests and publications run there through {@code lander step}, the pool stays here.
 *       {@code LANDER_AGENT_WORK} and {@code LANDER_AGENT_DATA} are the builder's step and data
 *       directories (paths on the builder), {@code LANDER_AGENT_LANDER} its {@code lander}
 *       command (default {@code lander}).
 * </ul>
 */
final class AgentSettings {
    private AgentSettings() {}

    /** The steps the engine runs: the local backend, or the builder's through it. */
    static LandingSteps apply(LandingBackend backend, Map<String, String> env, ProcessRunner runner) {
        String token = env.get(StepCommand.TOKEN_VARIABLE);
        String command = env.get("LANDER_AGENT_COMMAND");
        boolean agents = (token != null && !token.isBlank()) || (command != null && !command.isBlank());
        if (!(backend instanceof LocalLandingSteps local)) {
            if (agents) {
                throw new BadInputException(StepCommand.TOKEN_VARIABLE + " and LANDER_AGENT_COMMAND need the local backend:"
                        + " the Launchpad backend builds on Launchpad's builders");
            }
            return backend;
        }
        if (token != null && !token.isBlank()) {
            try {
                local.servePpaService(token);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(StepCommand.TOKEN_VARIABLE + ": " + e.getMessage());
            }
        }
        if (command == null || command.isBlank()) {
            return local;
        }
        String service = env.get("LANDER_PPA_SERVICE");
        if (service != null && !service.isBlank()) {
            if (!service.matches("https?://[A-Za-z0-9.\\[\\]:-]+(/[A-Za-z0-9._~/-]*)?")) {
                throw new BadInputException("LANDER_PPA_SERVICE must be the http(s) URL of the PPA service, not '" + service + "'");
            }
        } else if (token == null || token.isBlank()) {
            throw new BadInputException("LANDER_AGENT_COMMAND needs " + StepCommand.TOKEN_VARIABLE
                    + " (to serve the PPA service here) or LANDER_PPA_SERVICE (where another process serves it)");
        } else {
            service = local.ppaServiceUri().toString();
        }
        String work = required(env, "LANDER_AGENT_WORK");
        String data = required(env, "LANDER_AGENT_DATA");
        String lander = env.getOrDefault("LANDER_AGENT_LANDER", "lander");
        CommandAgentLauncher launcher = new CommandAgentLauncher(words(command), work, words(lander), data, runner);
        return new RemoteLandingSteps(local, launcher, service, local.config().mirrorTriggers());
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank() || !value.startsWith("/") || value.contains("..")) {
            throw new BadInputException(name + " must be an absolute path on the builder (LANDER_AGENT_COMMAND is set)");
        }
        return value;
    }

    private static List<String> words(String value) {
        return Arrays.stream(value.trim().split("\\s+")).toList();
    }
}
