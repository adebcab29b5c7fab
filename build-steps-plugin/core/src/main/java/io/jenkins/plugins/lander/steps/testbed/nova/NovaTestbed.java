package io.jenkins.plugins.lander.steps.testbed.nova;

import io.jenkins.plugins.lander.cloud.OpenStackSession;
import io.jenkins.plugins.lander.cloud.OpenStackSettings;
import io.jenkins.plugins.lander.cloud.Retry;
import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ProcessRunner.Command;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.steps.testbed.Testbed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tests on a Nova server, one per test run: {@code autopkgtest-virt-ssh} with the setup script
 * {@link NovaSshSetup} ({@code ssh -s SCRIPT -- ARGS}), which boots the server from the ticket's
 * Glance image with this testbed's key pair and deletes it at cleanup. Servers are tagged with
 * their ticket; those of tickets that no longer land are deleted when the Lander starts
 * ({@link #reconcile}). Builds stay in unshare (the local backend) or on Launchpad.
 */
public final class NovaTestbed implements Testbed {
    private final NovaSettings settings;
    private final Path dir;
    private final OpenStackSettings cloud;
    private final ProcessRunner runner;

    /** @param dir where the setup script and the testbed's ssh key live */
    public NovaTestbed(NovaSettings settings, OpenStackSettings cloud, Path dir, ProcessRunner runner) {
        this.settings = settings;
        this.cloud = cloud;
        this.dir = dir;
        this.runner = runner;
    }

    /** From the environment: {@link NovaSettings} and the {@code OS_*} settings; bad or missing ones are refused. */
    public static NovaTestbed fromEnvironment(Map<String, String> env, Path dir, ProcessRunner runner)
            throws IOException {
        return new NovaTestbed(NovaSettings.fromEnvironment(env), OpenStackSettings.fromEnv(env), dir, runner);
    }

    @Override
    public String name() {
        return "nova";
    }

    @Override
    public List<String> sbuildOptions(String series, StepConsole console) {
        throw new UnsupportedOperationException("builds run in the unshare testbed, not on Nova");
    }

    /** The ssh key of the testbed's servers and the setup script, made once. */
    @Override
    public synchronized void prepare(String series, StepConsole console) throws Exception {
        Files.createDirectories(dir);
        if (!Files.isRegularFile(key())) {
            Path partial = dir.resolve("id_ed25519.partial");
            Files.deleteIfExists(partial);
            Files.deleteIfExists(dir.resolve("id_ed25519.partial.pub"));
            ProcessRunner.Result r = runner.run(Command.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C",
                    "lander-nova-testbed", "-f", partial.toString()), console.out()::println);
            if (!r.ok()) {
                throw new IOException("ssh-keygen could not make the testbed key: " + String.join(" | ", r.tail()));
            }
            Files.move(dir.resolve("id_ed25519.partial.pub"), Path.of(key() + ".pub"), StandardCopyOption.ATOMIC_MOVE);
            Files.move(partial, key(), StandardCopyOption.ATOMIC_MOVE);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String script = "#!/bin/sh\n# autopkgtest-virt-ssh's setup script for Nova (lander's NovaSshSetup)\n"
                + settings.openrc().map(f -> "LANDER_OPENRC=" + quote(f.toString()) + "; export LANDER_OPENRC\n").orElse("")
                + "exec " + quote(java) + " -cp " + quote(System.getProperty("java.class.path")) + " "
                + NovaSshSetup.class.getName() + " \"$@\"\n";
        Path partial = dir.resolve("ssh-setup.partial");
        Files.writeString(partial, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwx------"));
        Files.move(partial, script(), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public List<String> virtServer(TestImage image) {
        throw new IllegalStateException("the nova testbed tags its servers with the ticket: use virtServer(image, ticket)");
    }

    @Override
    public List<String> virtServer(TestImage image, String ticket) {
        String glance = settings.image().orElseGet(() -> {
            if (image.reference().startsWith("/")) {
                throw new IllegalStateException("the test image " + image.reference() + " is not in Glance: set "
                        + NovaSettings.IMAGE + " to the image the nova testbed boots");
            }
            return image.reference();
        });
        List<String> argv = new ArrayList<>(List.of("ssh", "--setup-script", script().toString(), "--", "--image", glance,
                "--flavor", settings.flavor(), "--login", settings.login(), "--key", key().toString(), "--ticket", ticket));
        settings.network().ifPresent(n -> argv.addAll(List.of("--network", n)));
        return argv;
    }

    /** Deletes the servers of tickets that no longer land. */
    @Override
    public void reconcile(Set<String> liveTickets, StepConsole console) throws Exception {
        new NovaServers(OpenStackSession.login(cloud, Retry.DEFAULT)).reap(liveTickets, console.out()::println);
    }

    Path key() {
        return dir.resolve("id_ed25519");
    }

    Path script() {
        return dir.resolve("ssh-setup");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
