package io.jenkins.plugins.lander.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data DIR}: where a landing keeps everything it creates. */
public final class DataOption {
    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Data directory (default: $LANDER_DATA, else $XDG_DATA_HOME/lander, else ~/.local/share/lander).")
    Path data;

    public Path resolve() {
        if (data != null) {
            return data.toAbsolutePath();
        }
        String env = System.getenv("LANDER_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("lander");
    }
}
