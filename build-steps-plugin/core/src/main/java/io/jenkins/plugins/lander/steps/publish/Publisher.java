package io.jenkins.plugins.lander.steps.publish;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.steps.repo.Aptly;
import io.jenkins.plugins.lander.steps.repo.Queries;
import io.jenkins.plugins.lander.steps.repo.StateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Copies a ticket's packages (sources and binaries) from its PPA to the series' archive, the
 * aptly repository {@code archive-SERIES} published under the prefix {@code archive} as
 * component {@code main}; debug symbol packages ({@code -dbgsym}) go to {@code archive-SERIES-debug},
 * published as component {@code debug} of the same distribution (as Debian keeps them apart
 * from {@code main}, in its debug archive).
 *
 * <p>A source version the archive already has is refused before anything is copied, unless a
 * resumed publication finds in the ledger that this same ticket put it there. The ledger entry
 * is written before the copy it announces.
 */
public final class Publisher {
    public static final String ARCHIVE_PREFIX = "archive";

    private final Aptly aptly;
    private final StateFile ledger;

    public Publisher(Aptly aptly, Path ledgerFile) {
        this.aptly = aptly;
        this.ledger = new StateFile(ledgerFile);
    }

    public static final String DEBUG_COMPONENT = "debug";

    public static String archiveRepo(String series) {
        return "archive-" + series;
    }

    public static String debugRepo(String series) {
        return archiveRepo(series) + "-" + DEBUG_COMPONENT;
    }

    public PublishResult publish(Ppa ppa, String ticketId, String series, List<SourceUpload> uploads,
            StepConsole console, boolean resuming) throws Exception {
        Consumer<String> out = console.out()::println;
        String archive = archiveRepo(series);
        ensureArchive(series, out);
        return ledger.locked(() -> {
            List<Publication> publications = load();
            for (SourceUpload upload : uploads) {
                check(ppa, ticketId, series, upload, publications, resuming, out);
            }
            for (SourceUpload upload : uploads) {
                if (publications.stream().noneMatch(p -> p.sameUpload(series, upload.source(), upload.version()))) {
                    publications.add(new Publication(series, upload.source(), upload.version(), ticketId, Instant.now()));
                }
            }
            ledger.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(publications));
            List<String> published = new ArrayList<>();
            for (SourceUpload upload : uploads) {
                console.out().println("copying " + upload.key() + " from " + ppa.name() + " to " + archive
                        + " (debug symbols to " + debugRepo(series) + ")");
                String query = Queries.builtFrom(upload.source(), upload.version());
                aptly.copy(ppa.name(), archive, Queries.debugSymbols(query, false), out);
                aptly.copy(ppa.name(), debugRepo(series), Queries.debugSymbols(query, true), out);
                published.addAll(aptly.search(archive, query, out));
                published.addAll(aptly.search(debugRepo(series), query, out));
            }
            aptly.republish(ARCHIVE_PREFIX, out);
            console.out().println("published to " + archive + ": " + String.join(", ", published));
            return new PublishResult(published, List.of());
        });
    }

    /**
     * Creates and publishes the series' archive (empty at first): it is an apt source of every
     * chroot and testbed of the series, which cannot update from an index that does not exist.
     */
    public void ensureArchive(String series, Consumer<String> out) throws Exception {
        aptly.ensureRepo(archiveRepo(series), out);
        aptly.ensureRepo(debugRepo(series), DEBUG_COMPONENT, out);
        aptly.ensurePublished(new java.util.TreeMap<>(java.util.Map.of("main", archiveRepo(series),
                DEBUG_COMPONENT, debugRepo(series))), ARCHIVE_PREFIX, series, out);
    }

    private void check(Ppa ppa, String ticketId, String series, SourceUpload upload, List<Publication> publications,
            boolean resuming, Consumer<String> out) throws Exception {
        String sourceKey = upload.source() + "_" + upload.version() + "_source";
        if (!aptly.search(ppa.name(), Queries.builtFrom(upload.source(), upload.version()), out).contains(sourceKey)) {
            throw new PublishRefusedException(upload.source() + " " + upload.version() + " is not in " + ppa.name()
                    + ": nothing to publish (was it built?)");
        }
        if (!aptly.search(archiveRepo(series), Queries.sourceNamed(upload.source()), out).contains(sourceKey)) {
            return;
        }
        Optional<Publication> by = publications.stream()
                .filter(p -> p.sameUpload(series, upload.source(), upload.version()))
                .findFirst();
        if (resuming && by.isPresent() && by.get().ticketId().equals(ticketId)) {
            out.accept("resuming: " + upload.key() + " was already published by this ticket");
            return;
        }
        throw new PublishRefusedException(upload.source() + " " + upload.version() + " is already in the " + series
                + " archive" + by.map(p -> " (published by ticket " + p.ticketId() + ")").orElse("")
                + "; upload a new version");
    }

    /** What the series' archive holds, sources and binaries. */
    public List<ArchivePackage> list(String series) throws Exception {
        String archive = archiveRepo(series);
        if (!aptly.repoExists(archive)) {
            return List.of();
        }
        return aptly.search(archive, Aptly.ALL_PACKAGES, line -> {}).stream().map(ArchivePackage::fromKey).toList();
    }

    private List<Publication> load() throws IOException {
        return ledger.exists()
                ? new ArrayList<>(Json.MAPPER.readValue(ledger.read(), new TypeReference<List<Publication>>() {}))
                : new ArrayList<>();
    }
}
