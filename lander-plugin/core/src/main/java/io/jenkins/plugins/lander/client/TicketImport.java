package io.jenkins.plugins.lander.client;

import io.jenkins.plugins.lander.FileTrees;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.Scheduler;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.source.SourceUploadReader;
import io.jenkins.plugins.lander.ticket.Origin;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Takes a ticket of a Ticket System into an engine, for the Jenkins ticket bridge: the uploads
 * are fetched from where the request says (the engine's own data store, or the Ticket System over
 * its REST API: nowhere else, never a path of this machine), then go through the engine's
 * {@code Intake.submit} as the CLI's do (the same checks and messages; bad input creates nothing),
 * and the new ticket remembers which Ticket System ticket it lands, so that progress is reported
 * there. The same Ticket System ticket sent again while its landing is unfinished is not taken in
 * twice.
 */
public final class TicketImport {
    /** Beside the ticket's journal: which Ticket System ticket it lands. */
    static final String ORIGIN_FILE = "ticket-system.json";
    /** What one fetched file may weigh; a source tarball larger than this is no upload of ours. */
    static final long MAX_FILE = 4L << 30;
    /** The bridge of one controller takes tickets in one at a time, so a ticket sent twice at once is taken once. */
    private static final Object INTAKE = new Object();
    /** A plain descriptor name, as SourceUploadReader reads it (no '/', no '..'). */
    private static final Pattern DESCRIPTOR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+~_:-]*(\\.[A-Za-z0-9+~_:-]+)*\\.(dsc|changes)");

    private final Engine engine;
    private final TicketClient ticketSystem;
    private final Path work;

    /**
     * @param ticketSystem the Ticket System the uploads may come from, or null (then only the
     *     engine's data store)
     * @param work where uploads are fetched to before the intake stages them
     */
    public TicketImport(Engine engine, TicketClient ticketSystem, Path work) {
        this.engine = engine;
        this.ticketSystem = ticketSystem;
        this.work = work;
    }

    /** The engine's ticket and whether this call created it (false: it was taken in before). */
    public record Imported(Ticket ticket, boolean created) {}

    /** The Ticket System ticket the engine's ticket lands, when a bridge took it in. */
    public static Optional<String> ticketSystemId(Engine engine, String ticketId) throws IOException {
        Path file = engine.ticketDir(ticketId).resolve(ORIGIN_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Json.MAPPER.readTree(file.toFile()).path("ticket").asText());
    }

    public Imported submit(LandingRequest request) throws InvalidSourceException, IOException, InterruptedException {
        synchronized (INTAKE) {
            Optional<Ticket> known = unfinished(request.ticket());
            if (known.isPresent()) {
                return new Imported(known.get(), false);
            }
            Files.createDirectories(work);
            Path dir = Files.createTempDirectory(work, "ticket-");
            try {
                List<SourceUpload> uploads = new ArrayList<>();
                for (int i = 0; i < request.sourcePackages().size(); i++) {
                    uploads.add(fetch(request.sourcePackages().get(i), Files.createDirectory(dir.resolve(Integer.toString(i)))));
                }
                Ticket draft = new Ticket();
                draft.setTitle(request.title() == null || request.title().isBlank()
                        ? "Ticket " + request.ticket() + " of the Ticket System" : request.title());
                draft.setDescription(request.description());
                draft.setOwner(request.owner() == null || request.owner().isBlank() ? "ticket-bridge" : request.owner());
                draft.setBugId(request.bugId());
                draft.setSeries(request.series());
                draft.setBinaryPackages(request.binaryPackages());
                draft.setOverrides(request.overrides());
                draft.setHints(request.hints());
                draft.setAutomatic(request.automatic());
                draft.setOrigin(Origin.JENKINS);
                // The lock is released at once: the Jenkins run that lands the ticket takes it then.
                try (Scheduler.Claim claim = engine.intake().submit(draft, uploads)) {
                    Ticket ticket = claim.ticket();
                    // before the run is scheduled, which is the first to report
                    Path origin = engine.ticketDir(ticket.getId()).resolve(ORIGIN_FILE);
                    Path partial = origin.resolveSibling("." + ORIGIN_FILE + ".partial");
                    Files.writeString(partial, Json.MAPPER.writeValueAsString(Map.of("ticket", request.ticket())),
                            StandardCharsets.UTF_8);
                    Files.move(partial, origin, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    return new Imported(ticket, true);
                }
            } finally {
                FileTrees.delete(dir);
            }
        }
    }

    private Optional<Ticket> unfinished(String ticketSystemId) throws IOException {
        for (Ticket t : engine.tickets().unfinished()) {
            if (ticketSystemId(engine, t.getId()).filter(ticketSystemId::equals).isPresent()) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Fetches a descriptor and every file it lists (a .changes' .dsc's too) into {@code dir}, then reads it. */
    private SourceUpload fetch(String where, Path dir) throws InvalidSourceException, IOException, InterruptedException {
        Source source = source(where);
        String name = source.name();
        if (!DESCRIPTOR.matcher(name).matches()) {
            throw new InvalidSourceException("source_packages: '" + where + "' does not name a .dsc or _source.changes file");
        }
        source.fetch(name, dir);
        Path descriptor = dir.resolve(name);
        for (String listed : SourceUploadReader.listedFiles(descriptor)) {
            if (!Files.exists(dir.resolve(listed))) {
                source.fetch(listed, dir);
                if (listed.endsWith(".dsc")) {
                    for (String ofDsc : SourceUploadReader.listedFiles(dir.resolve(listed))) {
                        if (!Files.exists(dir.resolve(ofDsc))) {
                            source.fetch(ofDsc, dir);
                        }
                    }
                }
            }
        }
        return new SourceUploadReader().read(descriptor);
    }

    /** Where a descriptor and the files beside it come from. */
    private interface Source {
        /** The descriptor's file name. */
        String name();

        /** Copies the file of that name beside the descriptor into {@code dir}. */
        void fetch(String file, Path dir) throws InvalidSourceException, IOException, InterruptedException;
    }

    private Source source(String where) throws InvalidSourceException {
        URI uri;
        try {
            uri = new URI(where);
        } catch (URISyntaxException e) {
            throw refused(where);
        }
        Optional<DataStore.Location> stored = uri.getScheme() == null ? Optional.empty() : engine.store().locate(uri);
        if (stored.isPresent()) {
            DataStore.Location at = stored.get();
            int slash = at.name().lastIndexOf('/');
            String prefix = at.name().substring(0, slash + 1);
            return new Source() {
                @Override
                public String name() {
                    return at.name().substring(slash + 1);
                }

                @Override
                public void fetch(String file, Path dir) throws InvalidSourceException, IOException {
                    try (InputStream in = engine.store().get(at.container(), prefix + file)) {
                        Files.copy(in, dir.resolve(file));
                    } catch (NoSuchFileException e) {
                        throw new InvalidSourceException(where + ": " + file + " is not beside it in this Lander's data store");
                    }
                }
            };
        }
        // without a scheme, only a path of the Ticket System's store (as a looked-up ticket names its
        // uploads): a bare path looks like one of this machine, and is none
        boolean ofTicketSystem = ticketSystem != null && (uri.getScheme() == null
                ? where.startsWith("store/") && ticketSystem.within(ticketSystem.resolve(where))
                : ticketSystem.within(uri));
        if (ofTicketSystem) {
            URI absolute = ticketSystem.resolve(uri.toString());
            String path = absolute.getRawPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            return new Source() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public void fetch(String file, Path dir) throws InvalidSourceException, IOException, InterruptedException {
                    try {
                        // "./": a name is never taken for a URI scheme
                        ticketSystem.download(absolute.resolve("./" + file).toString(), dir.resolve(file), MAX_FILE);
                    } catch (TicketClient.TicketClientException e) {
                        if (e.status() == 404) {
                            throw new InvalidSourceException(where + ": " + file + " is not beside it in the Ticket System ("
                                    + e.getMessage() + ")");
                        }
                        throw e;
                    }
                }
            };
        }
        throw refused(where);
    }

    private InvalidSourceException refused(String where) {
        return new InvalidSourceException("source_packages: '" + where + "' is neither a file of this Lander's data store"
                + (ticketSystem == null ? "" : " nor of the Ticket System at " + ticketSystem.resolve("/"))
                + "; the bridge takes uploads from nowhere else (never a path of this machine)");
    }
}
