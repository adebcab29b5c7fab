package io.jenkins.plugins.lander.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lander}: land source packages on this machine, and talk to the Ticket System.
 *
 * <p>Exit codes scripts rely on: 0 the ticket completed, 1 it failed, 2 bad usage or bad input.
 */
@Command(
        name = "lander",
        mixinStandardHelpOptions = true,
        version = "lander 0.1.0",
        description = "Lands Debian source packages: PPA, sbuild, test image, autopkgtest, publish.",
        subcommands = {LandCommand.class, ResumeCommand.class, TicketCommand.class, ArchiveCommand.class, PoolCommand.class,
            ServeCommand.class, StepCommand.class, PpaServiceCommand.class})
public final class LanderCli {
    public static final int COMPLETED = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new LanderCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("lander: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof BadInputException ? BAD_INPUT : FAILED;
        });
        return cli.execute(args);
    }
}
