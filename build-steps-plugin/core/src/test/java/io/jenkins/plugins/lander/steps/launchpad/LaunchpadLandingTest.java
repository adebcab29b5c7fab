package io.jenkins.plugins.lander.steps.launchpad;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.datastore.LocalDataStore;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.EngineSettings;
import io.jenkins.plugins.lander.landing.LandingListener;
import io.jenkins.plugins.lander.landing.Scheduler;
import io.jenkins.plugins.lander.repository.JdbcTicketRepository;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.source.SignatureVerifier;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import io.jenkins.plugins.lander.steps.support.SharedCache;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.Origin;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tickets landed by the engine on the Launchpad backend against the replay, from allocation to the
 * saved verdict: the same {@code Lander} every face uses.
 */
class LaunchpadLandingTest {
    @TempDir
    Path tmp;

    private ReplayFixture lp;
    private TicketDatabase db;

    @AfterEach
    void tearDown() throws Exception {
        if (db != null) {
            db.close();
        }
        if (lp != null) {
            lp.close();
        }
    }

    private Ticket land(LaunchpadLandingSteps steps, SourceUpload upload) throws Exception {
        db = TicketDatabase.h2(tmp.resolve("db"));
        Engine engine = new Engine(new JdbcTicketRepository(db), new LocalDataStore(tmp.resolve("store")), steps,
                tmp.resolve("tickets"), new EngineSettings(2, 1, Duration.ofMinutes(1)), SignatureVerifier.none());
        Ticket draft = new Ticket();
        draft.setTitle("land " + upload.key());
        draft.setOwner("tester");
        draft.setSeries("bookworm");
        draft.setOverrides(Overrides.NONE);
        draft.setOrigin(Origin.CLI);
        try (Scheduler.Claim claim = engine.intake().submit(draft, List.of(upload))) {
            engine.scheduler().awaitTurn(claim.ticket(), message -> {});
            return engine.lander(new LandingListener() {}).land(claim.ticket());
        }
    }

    private SourceUpload example() throws Exception {
        return ExamplePackages.build("pass", "1.0", tmp.resolve("src"));
    }

    @Test
    void aBuildThatFailsToUploadFailsTheTicketAt200WithItsUploadLog() throws Exception {
        lp = new ReplayFixture(tmp.resolve("lp"), ReplayFixture::emptyDebs);
        lp.replay.script("hello-lander", LaunchpadReplay.Script.endsIn(BuildState.FAILEDTOUPLOAD,
                "Upload rejected: hello-lander_1.0_amd64.deb: File already exists in the PPA with different contents\n", null));

        Ticket t = land(lp.steps(1, tmp.resolve("cache")), example());

        assertThat(t.getStatus()).isEqualTo(TicketStatus.FAILED);
        assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.PACKAGE_BUILDING);
        assertThat(t.getReason()).contains("Failed to upload", "upload log: " + lp.replay.api().resolve("/files/"));
        List<Artifact> logs = new ArrayList<>(t.getArtifacts());
        t.getSubtickets().forEach(s -> logs.addAll(s.getArtifacts()));
        Artifact uploadLog = logs.stream().filter(a -> a.name().endsWith("upload_amd64.log")).findFirst().orElseThrow();
        assertThat(Files.readString(tmp.resolve("store").resolve("ticket." + t.getId()).resolve(uploadLog.name())))
                .contains("File already exists in the PPA with different contents");
        assertThat(lp.replay.live(ReplayFixture.OWNER, "ci-pool-001")).as("the PPA was cleaned on release").isEmpty();
        assertNoCredentialsIn(t);
    }

    @Test
    void aDependencyWaitFailsTheTicketAt200NamingWhatIsMissing() throws Exception {
        lp = new ReplayFixture(tmp.resolve("lp"), ReplayFixture::emptyDebs);
        lp.replay.script("hello-lander", LaunchpadReplay.Script.endsIn(BuildState.MANUALDEPWAIT, null, "libfoo-dev (>= 2.0)"));

        Ticket t = land(lp.steps(1, tmp.resolve("cache")), example());

        assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.PACKAGE_BUILDING);
        assertThat(t.getReason()).contains("build DEPWAIT", "Dependency wait (libfoo-dev (>= 2.0))");
    }

    @Test
    void aBuildForASupersededSourceFailsTheTicketAt200() throws Exception {
        lp = new ReplayFixture(tmp.resolve("lp"), ReplayFixture::emptyDebs);
        lp.replay.script("hello-lander", LaunchpadReplay.Script.endsIn(BuildState.SUPERSEDED, null, null));

        Ticket t = land(lp.steps(1, tmp.resolve("cache")), example());

        assertThat(t.getFailedStep()).isEqualTo(WorkflowStep.PACKAGE_BUILDING);
        assertThat(t.getReason()).contains("build FAILED", "Build for superseded Source");
    }

    /**
     * The whole walk for real but for Launchpad itself: dput by FTP, the replay's builder runs
     * dpkg-buildpackage, the image is made with mmdebstrap from the PPA's apt line as the replay
     * serves it, autopkgtest runs on the unshare testbed, copyPackage publishes, the PPA is cleaned.
     */
    @Test
    @Tag("debian")
    void aTicketLandsEndToEnd() throws Exception {
        lp = new ReplayFixture(tmp.resolve("lp"), LaunchpadLandingTest::dpkgBuildpackage);
        Path cache = SharedCache.withSharedBase(tmp.resolve("cache"));

        Ticket t = land(lp.steps(1, cache), example());

        assertThat(t.getReason()).isNull();
        assertThat(t.getStatus()).isEqualTo(TicketStatus.COMPLETED);
        assertThat(lp.replay.live("lander-archive", "archive")).containsExactly("hello-lander 1.0 Published");
        assertThat(lp.replay.live(ReplayFixture.OWNER, "ci-pool-001")).isEmpty();
        List<String> names = new ArrayList<>();
        t.getSubtickets().forEach(s -> s.getArtifacts().forEach(a -> names.add(a.name())));
        t.getArtifacts().forEach(a -> names.add(a.name()));
        assertThat(names).anyMatch(n -> n.endsWith("junit.xml")).anyMatch(n -> n.endsWith("build_amd64.log"));
        assertNoCredentialsIn(t);
    }

    /** A Launchpad builder stand-in that really builds: dpkg-buildpackage -b of the accepted source. */
    static List<Path> dpkgBuildpackage(SourceUpload source, Path out) throws Exception {
        Path tree = out.resolve("tree");
        ReplayFixture.run(out, "dpkg-source", "-q", "--no-check", "-x", source.dsc().toString(), tree.toString());
        ReplayFixture.run(tree, "dpkg-buildpackage", "-b", "-us", "-uc");
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".deb")).sorted().toList();
        }
    }

    private void assertNoCredentialsIn(Ticket t) throws Exception {
        String json = Json.MAPPER.writeValueAsString(t);
        assertThat(json).doesNotContain(ReplayFixture.SECRET).doesNotContain(ReplayFixture.TOKEN);
        try (Stream<Path> files = Files.walk(tmp.resolve("tickets"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(text).as(f.toString()).doesNotContain(ReplayFixture.SECRET).doesNotContain(ReplayFixture.TOKEN)
                        .doesNotContain("oauth_signature");
            }
        }
    }
}
