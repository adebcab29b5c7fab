package io.jenkins.plugins.lander.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Keystone, Swift and Glance of {@code scripts/setup-openstack} on loopback, started by
 * that script when they are not up (it is idempotent: a few seconds when they are). The tests are
 * skipped only where the script cannot run at all (not root); a failing script fails them.
 */
public final class OpenStackFixture {
    private static OpenStackSettings settings;
    private static Path openrc;
    private static io.jenkins.plugins.lander.datastore.swift.SwiftDataStore swift;

    private OpenStackFixture() {}

    public static synchronized OpenStackSettings settings() throws IOException, InterruptedException {
        if (settings == null) {
            openrc = setUp();
            settings = OpenStackSettings.fromOpenrc(openrc);
        }
        return settings;
    }

    /** A Swift data store on the loopback OpenStack, shared by the tests of a JVM. */
    public static synchronized io.jenkins.plugins.lander.datastore.swift.SwiftDataStore swift()
            throws IOException, InterruptedException {
        if (swift == null) {
            swift = io.jenkins.plugins.lander.datastore.swift.SwiftDataStore.open(settings(), Retry.DEFAULT);
        }
        return swift;
    }

    /** The openrc file the script wrote (for forked JVMs). */
    public static synchronized Path openrc() throws IOException, InterruptedException {
        settings();
        return openrc;
    }

    private static Path setUp() throws IOException, InterruptedException {
        Path script = projectRoot().resolve("scripts/setup-openstack");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "scripts/setup-openstack installs Debian packages and mounts a tmpfs: it runs as root only, so the"
                        + " OpenStack tests are skipped for user " + System.getProperty("user.name"));
        Path log = Files.createTempFile("setup-openstack", ".log");
        try {
            Process p = new ProcessBuilder(script.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("setup-openstack finished").isTrue();
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("setup-openstack exit code; output:%n%s", String.join("\n", lines)).isZero();
            return Path.of(lines.get(lines.size() - 1));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("scripts/setup-openstack"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no scripts/setup-openstack above " + Path.of("").toAbsolutePath());
    }
}
