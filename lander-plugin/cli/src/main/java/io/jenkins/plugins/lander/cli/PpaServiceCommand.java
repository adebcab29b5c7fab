package io.jenkins.plugins.lander.cli;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.steps.local.LocalConfig;
import io.jenkins.plugins.lander.steps.local.LocalLandingSteps;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code lander ppa-service}: the one PPA service of a builder farm. Serves the data directory's
 * PPAs, archive and builder API ({@code PpaService}) on {@code LANDER_PPA_ADDRESS} until stopped,
 * while {@code lander land} and {@code lander serve} processes on the same directory allocate and
 * release the PPAs and point their builders at it ({@code LANDER_PPA_SERVICE}).
 */
@Command(name = "ppa-service", mixinStandardHelpOptions = true,
        description = "Serves the PPAs, the archive and the builders' API on $LANDER_PPA_ADDRESS until stopped.")
public final class PpaServiceCommand implements Callable<Integer> {
    @Mixin
    DataOption data;

    @Override
    public Integer call() throws Exception {
        DataDirectory dir = DataDirectory.of(data.resolve());
        LocalConfig config;
        try {
            config = dir.backendConfig();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        if (config.ppaAddress() == null) {
            throw new BadInputException(LocalConfig.PPA_ADDRESS_VARIABLE + " must name the address the builders reach (IPV4:PORT)");
        }
        String token = dir.environment().get(StepCommand.TOKEN_VARIABLE);
        if (token == null || token.isBlank()) {
            throw new BadInputException(StepCommand.TOKEN_VARIABLE + " must be set: the builders authenticate with it");
        }
        Path running = dir.backend().resolve("running");
        ProcessRunner.killOrphans(running, line -> System.err.println("lander: left by a Lander that died: " + line));
        LocalLandingSteps steps = new LocalLandingSteps(config, ProcessRunner.tracked(new ToolClock(), running));
        try {
            steps.servePpaService(token);
        } catch (IllegalArgumentException e) {
            steps.close();
            throw new BadInputException(StepCommand.TOKEN_VARIABLE + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            steps.close();
            stopped.countDown();
        }, "stop the PPA service"));
        System.out.println("lander: PPA service of " + dir.root() + " at " + steps.ppaServiceUri());
        stopped.await();
        return LanderCli.COMPLETED;
    }
}
