package io.jenkins.plugins.lander.steps.launchpad;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.source.SourceUpload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes a ticket's uploads from its PPA to the target archive with {@code copyPackage(...,
 * include_binaries=true)} (devel API; asynchronous: Launchpad answers once the copy passes its
 * checks and runs a copy job later), then waits until the target publishes each source.
 *
 * <p>Shapes: {@code lib/lp/soyuz/interfaces/archive.py} (copyPackage's exported parameters),
 * {@code xx-archive.rst} and {@code xx-source-package-publishing.rst} (getPublishedSources,
 * {@code copied_from_archive_link}) in Launchpad's tree.
 */
public final class LaunchpadPublisher {
    private final LaunchpadClient lp;
    private final LaunchpadConfig config;
    private final LaunchpadPpaBackend ppas;
    private final Pacer pacer;

    public LaunchpadPublisher(LaunchpadClient lp, LaunchpadConfig config, LaunchpadPpaBackend ppas, Pacer pacer) {
        this.lp = lp;
        this.config = config;
        this.ppas = ppas;
        this.pacer = pacer;
    }

    public PublishResult publish(Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console, boolean resuming)
            throws Exception {
        String from = ppas.selfLink(ppa.name());
        List<String> packages = new ArrayList<>();
        int n = 0;
        for (SourceUpload u : uploads) {
            n++;
            console.progress(n, uploads.size(), "publishing " + u.key());
            Optional<JsonNode> there = published(u.source(), u.version());
            if (there.isPresent()) {
                if (!from.equals(there.get().path("copied_from_archive_link").asText()) || !resuming) {
                    throw new IllegalStateException(u.source() + " " + u.version() + " is already in " + config.target()
                            + (resuming ? ", copied from elsewhere" : "") + ": refusing to publish it again");
                }
                console.out().println(u.key() + " was copied to " + config.target() + " before the crash");
            } else {
                console.out().println("copyPackage " + u.source() + " " + u.version() + " from " + ppa.name() + " to "
                        + config.target() + " " + series + " (with binaries)");
                lp.post(config.targetPath(), Map.of("ws.op", "copyPackage", "source_name", u.source(),
                        "version", u.version(), "from_archive", from, "to_pocket", "Release", "to_series", series,
                        "include_binaries", "true"));
                awaitPublished(u);
            }
            packages.addAll(ppas.packagesOf(ppa.name(), u.source(), u.version(), console.out()::println));
        }
        console.state("COMPLETED", "published " + uploads.size() + " uploads to " + config.target());
        return new PublishResult(packages, List.of());
    }

    /** The target's live publication of exactly this version, if any. */
    public Optional<JsonNode> published(String source, String version) throws IOException {
        return lp.collection(config.targetPath(), Map.of("ws.op", "getPublishedSources", "source_name", source,
                "version", version, "exact_match", "true")).stream()
                .filter(e -> LaunchpadPpaBackend.LIVE.contains(e.path("status").asText()))
                .findFirst();
    }

    private void awaitPublished(SourceUpload u) throws Exception {
        for (int look = 1; ; look++) {
            Optional<JsonNode> p = published(u.source(), u.version());
            if (p.isPresent() && "Published".equals(p.get().path("status").asText())) {
                return;
            }
            if (look > config.patience()) {
                throw new IOException(u.key() + " was not published in " + config.target() + " after " + config.patience()
                        + " looks" + p.map(e -> " (" + e.path("status").asText() + ")").orElse(" (the copy job has not run)"));
            }
            pacer.pause();
        }
    }
}
