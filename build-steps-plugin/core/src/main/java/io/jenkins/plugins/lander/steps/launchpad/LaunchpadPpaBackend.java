package io.jenkins.plugins.lander.steps.launchpad;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.steps.ppa.PpaBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The pool's PPAs as real Launchpad PPAs of one account ({@code ~OWNER/+archive/DISTRIBUTION/ci-pool-NNN}):
 * made with {@code createPPA} the first time the pool hands one out (so the pool grows on Launchpad
 * when its size is raised), cleaned with {@code requestDeletion} of every publication and free
 * only once Launchpad shows nothing of it published or pending.
 *
 * <p>Shapes: {@code lib/lp/soyuz/stories/webservice/xx-person-createppa.rst} (createPPA on the
 * person, 201 + Location), {@code xx-source-package-publishing.rst} (getPublishedSources,
 * requestDeletion, binaryFileUrls) in Launchpad's tree.
 */
public final class LaunchpadPpaBackend implements PpaBackend {
    /** Publication states that still hold something, as the WADL's spph {@code status} options name them. */
    static final Set<String> LIVE = Set.of("Pending", "Published");

    private final LaunchpadClient lp;
    private final LaunchpadConfig config;
    private final Pacer pacer;
    private final Path downloads;
    private final HttpClient files = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    /** @param downloads where binaries fetched for the tests are kept */
    public LaunchpadPpaBackend(LaunchpadClient lp, LaunchpadConfig config, Pacer pacer, Path downloads) {
        this.lp = lp;
        this.config = config;
        this.pacer = pacer;
        this.downloads = downloads;
    }

    /** The PPA's web-service entry, if it exists. */
    public Optional<JsonNode> archive(String name) throws IOException {
        return lp.get(config.ppaPath(name), Map.of());
    }

    /** The PPA's {@code self_link}, as operations take it ({@code from_archive}). */
    public String selfLink(String name) {
        return lp.resolve(config.ppaPath(name)).toString();
    }

    @Override
    public void create(String name, String series, Consumer<String> out) throws Exception {
        if (archive(name).isPresent()) {
            return;
        }
        out.accept("creating PPA ~" + config.owner() + "/" + config.distribution() + "/" + name + " on Launchpad");
        LaunchpadClient.Posted p = lp.post("~" + config.owner(), Map.of("ws.op", "createPPA", "name", name,
                "displayname", "Lander pool PPA " + name, "description", "CI landing pool PPA, reused by Lander tickets",
                "distribution", lp.resolve(config.distribution()).toString()));
        if (p.status() != 201) {
            throw new IOException("createPPA " + name + ": expected 201 Created, Launchpad answered " + p.status());
        }
    }

    @Override
    public void clean(String name, Consumer<String> out) throws Exception {
        if (archive(name).isEmpty()) {
            return;
        }
        List<JsonNode> live = livePublications(name);
        int n = 0;
        for (JsonNode spph : live) {
            n++;
            if (!"Deleted".equals(spph.path("status").asText())) {
                out.accept("deleting " + spph.path("display_name").asText() + " (" + n + "/" + live.size() + ")");
                lp.post(spph.path("self_link").asText(), Map.of("ws.op", "requestDeletion",
                        "removal_comment", "Lander: PPA " + name + " released"));
            }
        }
        for (int look = 1; ; look++) {
            List<JsonNode> left = livePublications(name);
            long binaries = liveBinaries(name);
            if (left.isEmpty() && binaries == 0) {
                return;
            }
            if (look > config.patience()) {
                throw new IOException("PPA " + name + " still has " + left.size() + " sources and " + binaries
                        + " binaries published or pending after " + config.patience() + " looks");
            }
            out.accept("waiting for Launchpad to remove " + left.size() + " sources and " + binaries + " binaries from " + name);
            pacer.pause();
        }
    }

    private List<JsonNode> livePublications(String name) throws IOException {
        return lp.collection(config.ppaPath(name), Map.of("ws.op", "getPublishedSources")).stream()
                .filter(e -> LIVE.contains(e.path("status").asText()))
                .toList();
    }

    private long liveBinaries(String name) throws IOException {
        return lp.collection(config.ppaPath(name), Map.of("ws.op", "getPublishedBinaries")).stream()
                .filter(e -> LIVE.contains(e.path("status").asText()))
                .count();
    }

    /** The PPA as apt sees it, in Launchpad's {@code ppa.launchpadcontent.net/OWNER/NAME/DISTRIBUTION} shape. */
    @Override
    public String aptLine(String name, String series) {
        return "deb [trusted=yes] " + url(name) + " " + series + " main";
    }

    @Override
    public String url(String name) {
        return config.content().toString().replaceFirst("/$", "") + "/" + config.owner() + "/" + name + "/"
                + config.distribution();
    }

    /** Launchpad takes files only as signed uploads through dput ({@link LaunchpadSourceBuilder}). */
    @Override
    public void include(String name, List<Path> files, Consumer<String> out) {
        throw new UnsupportedOperationException("Launchpad PPAs take signed source uploads through dput, not files");
    }

    /** The source's live publications in the PPA, newest first. */
    public List<JsonNode> sources(String name, String source, String version) throws IOException {
        return lp.collection(config.ppaPath(name), Map.of("ws.op", "getPublishedSources", "source_name", source,
                "version", version, "exact_match", "true")).stream()
                .filter(e -> LIVE.contains(e.path("status").asText()))
                .toList();
    }

    @Override
    public List<String> packagesOf(String name, String source, String version, Consumer<String> out) throws Exception {
        List<String> keys = new ArrayList<>();
        for (JsonNode spph : sources(name, source, version)) {
            keys.add(source + "_" + version + "_source");
            for (JsonNode b : lp.collection(spph.path("self_link").asText(), Map.of("ws.op", "getPublishedBinaries"))) {
                if (LIVE.contains(b.path("status").asText())) {
                    String arch = b.path("architecture_specific").asBoolean(true)
                            ? b.path("distro_arch_series_link").asText().replaceFirst(".*/", "") : "all";
                    keys.add(b.path("binary_package_name").asText() + "_" + b.path("binary_package_version").asText() + "_" + arch);
                }
            }
            break;
        }
        return keys.stream().distinct().toList();
    }

    /** The source's {@code .deb}s, fetched from the PPA ({@code binaryFileUrls}) into the download directory. */
    @Override
    public List<Path> debsOf(String name, String source, String version, Consumer<String> out) throws Exception {
        List<Path> debs = new ArrayList<>();
        for (JsonNode spph : sources(name, source, version)) {
            JsonNode urls = lp.get(spph.path("self_link").asText(), Map.of("ws.op", "binaryFileUrls")).orElseThrow();
            Path dir = downloads.resolve(name).resolve(source + "_" + version.replace(':', '%'));
            Files.createDirectories(dir);
            for (JsonNode u : urls) {
                String url = u.asText();
                String file = url.replaceFirst(".*/", "");
                if (!file.endsWith(".deb") || file.contains("..") || file.isEmpty()) {
                    continue;
                }
                Path target = dir.resolve(file);
                if (!Files.exists(target)) {
                    out.accept("fetching " + file + " from " + name);
                    download(URI.create(url), target);
                }
                debs.add(target);
            }
            break;
        }
        return debs;
    }

    void download(URI url, Path target) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = files.send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                throw new IOException("GET " + url + ": " + r.statusCode());
            }
            Path part = target.resolveSibling(target.getFileName() + ".part");
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** What the PPA publishes, by publication and status: equal digests, equal content (the image cache's key). */
    @Override
    public String contentDigest(String name, String series) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String op : List.of("getPublishedSources", "getPublishedBinaries")) {
            for (JsonNode e : lp.collection(config.ppaPath(name), Map.of("ws.op", op))) {
                if (LIVE.contains(e.path("status").asText())) {
                    sha.update((e.path("self_link").asText() + " " + e.path("status").asText() + "\n").getBytes());
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
