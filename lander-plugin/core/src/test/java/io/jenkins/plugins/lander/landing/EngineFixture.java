package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.source.SignatureVerifier;

import io.jenkins.plugins.lander.datastore.LocalDataStore;
import io.jenkins.plugins.lander.repository.JdbcTicketRepository;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.source.SourceUploadReader;
import io.jenkins.plugins.lander.ticket.Origin;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A real engine over a real H2 ticket repository and a directory data store, with
 * {@link RecordingSteps} instead of the Debian tools, and small generated uploads.
 */
public final class EngineFixture implements AutoCloseable {
    public final Path dir;
    public final RecordingSteps steps;
    public final TicketDatabase db;
    public final JdbcTicketRepository tickets;
    public final LocalDataStore store;
    public final Engine engine;

    public EngineFixture(Path dir, RecordingSteps steps, EngineSettings settings) {
        this.dir = dir;
        this.steps = steps;
        this.db = TicketDatabase.h2(dir.resolve("db"));
        this.tickets = new JdbcTicketRepository(db);
        this.store = new LocalDataStore(dir.resolve("store"));
        this.engine = new Engine(tickets, store, steps, dir.resolve("tickets"), settings, SignatureVerifier.none());
    }

    /** Serial actions (deterministic call order), four slots. */
    public EngineFixture(Path dir) {
        this(dir, new RecordingSteps(), new EngineSettings(4, 1, Duration.ofMinutes(1)));
    }

    /**
     * A native source package {@code SOURCE 1.0} building binary {@code SOURCE} and build-depending
     * on {@code buildDepends}.
     */
    public SourceUpload upload(String source, String... buildDepends) throws Exception {
        return version(source, "1.0", buildDepends);
    }

    public SourceUpload version(String source, String version, String... buildDepends) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src").resolve(source + "-" + version));
        Path tar = Files.writeString(src.resolve(source + "_" + version + ".tar.xz"), "payload of " + source + " " + version);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tar)));
        Path dsc = Files.writeString(src.resolve(source + "_" + version + ".dsc"), "Format: 3.0 (native)\nSource: " + source
                + "\nBinary: " + source + "\nArchitecture: any\nVersion: " + version
                + (buildDepends.length == 0 ? "" : "\nBuild-Depends: " + String.join(", ", buildDepends))
                + "\nChecksums-Sha256:\n " + sha + " " + Files.size(tar) + " " + tar.getFileName() + "\n");
        return new SourceUploadReader().read(dsc);
    }

    public Ticket draft(Overrides overrides) {
        Ticket draft = new Ticket();
        draft.setTitle("t");
        draft.setOwner("tester");
        draft.setSeries("bookworm");
        draft.setOverrides(overrides);
        draft.setOrigin(Origin.CLI);
        return draft;
    }

    /** Submits a ticket as {@code lander land} does; the caller lands it with {@link #land}. */
    public Scheduler.Claim submit(Overrides overrides, SourceUpload... uploads) throws Exception {
        return engine.intake().submit(draft(overrides), List.of(uploads));
    }

    public Scheduler.Claim submit(Overrides overrides, String... sources) throws Exception {
        List<SourceUpload> uploads = new ArrayList<>();
        for (String s : sources) {
            uploads.add(upload(s));
        }
        return submit(overrides, uploads.toArray(SourceUpload[]::new));
    }

    /** Waits for the ticket's turn and lands it, as {@code lander land} does. */
    public Ticket land(Scheduler.Claim claim, LandingListener listener) throws Exception {
        try (claim) {
            engine.scheduler().awaitTurn(claim.ticket(), message -> {});
            return engine.lander(listener).land(claim.ticket());
        }
    }

    public Ticket land(Scheduler.Claim claim) throws Exception {
        return land(claim, new LandingListener() {});
    }

    public Ticket stored(String id) {
        return tickets.find(id).orElseThrow();
    }

    @Override
    public void close() {
        db.close();
    }
}
