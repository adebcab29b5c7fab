package io.jenkins.plugins.lander.steps.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.rdeps.ArchiveIndex;
import io.jenkins.plugins.lander.rdeps.Deb822;
import io.jenkins.plugins.lander.source.ControlFile;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.source.SourceUploadReader;
import io.jenkins.plugins.lander.steps.ppa.PpaBackend;
import io.jenkins.plugins.lander.steps.publish.Publisher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.function.Consumer;

/**
 * A builder's view of the PPAs of a {@link PpaService} on another host: apt lines and package
 * lists from what the service publishes over HTTP (the same indexes apt reads), build results
 * added through the service's API. Creating and cleaning PPAs is the pool's business, on the PPA
 * host only.
 */
public final class RemotePpaBackend implements PpaBackend {
    private final URI base;
    private final String token;
    private final String series;
    private final String architecture;
    private final Path downloads;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
    /** A pool directory and a file name of the archive's Sources index: nothing that leaves the archive's tree. */
    private static final Pattern POOL_DIRECTORY = Pattern.compile("pool(/[A-Za-z0-9][A-Za-z0-9.+~_-]*)+");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+~_:-]{0,254}");

    /**
     * @param base the service's base URL (the PPAs are served under it)
     * @param token the service's write token
     * @param series the series the PPAs are published for
     * @param downloads where this builder keeps packages it fetched from the PPAs
     */
    public RemotePpaBackend(URI base, String token, String series, String architecture, Path downloads) {
        this.base = URI.create(base.toString().replaceFirst("/+$", ""));
        this.token = token;
        this.series = series;
        this.architecture = architecture;
        this.downloads = downloads;
    }

    @Override
    public void create(String name, String series, Consumer<String> out) {
        throw new UnsupportedOperationException("PPAs are created by the pool on the PPA host, not by a builder");
    }

    @Override
    public void clean(String name, Consumer<String> out) {
        throw new UnsupportedOperationException("PPAs are cleaned by the pool on the PPA host, not by a builder");
    }

    @Override
    public String url(String name) {
        return base + "/" + name;
    }

    /** Uploads the files (a {@code .dsc} with the files it lists) as one batch and includes it. */
    @Override
    public void include(String name, List<Path> files, Consumer<String> out) throws Exception {
        Set<Path> all = new LinkedHashSet<>();
        for (Path f : files) {
            all.add(f);
            if (f.getFileName().toString().endsWith(".dsc")) {
                all.addAll(listedBy(f));
            }
        }
        String batch = UUID.randomUUID().toString();
        int i = 0;
        for (Path f : all) {
            out.accept("[" + ++i + "/" + all.size() + "] uploading " + f.getFileName() + " to " + name + " at " + base);
            send(HttpRequest.newBuilder(api(name, "files/" + batch + "/" + f.getFileName()))
                    .PUT(HttpRequest.BodyPublishers.ofFile(f)));
        }
        JsonNode answer = send(HttpRequest.newBuilder(api(name, "include/" + batch)).POST(HttpRequest.BodyPublishers.noBody()));
        answer.path("log").forEach(l -> out.accept(l.asText()));
    }

    /** Asks the PPA host to copy the uploads from the PPA to the series' archive. */
    public PublishResult publish(Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console, boolean resuming)
            throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode().put("series", series).put("resuming", resuming);
        uploads.forEach(u -> body.withArray("uploads").addObject().put("source", u.source()).put("version", u.version()));
        JsonNode answer = send(HttpRequest.newBuilder(api(ppa.name(), "publish"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))));
        answer.path("log").forEach(l -> console.out().println(l.asText()));
        return Json.MAPPER.treeToValue(answer.path("result"), PublishResult.class);
    }

    @Override
    public List<String> packagesOf(String name, String source, String version, Consumer<String> out) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Map<String, String> p : stanzas(get(name, "main/source/Sources"))) {
            if (source.equals(p.get("Package")) && version.equals(p.get("Version"))) {
                keys.add(source + "_" + version + "_source");
            }
        }
        for (Map<String, String> p : binaries(name)) {
            if (builtFrom(p, source, version)) {
                keys.add(p.get("Package") + "_" + p.get("Version") + "_" + p.get("Architecture"));
            }
        }
        // an Architecture: all package is in every architecture's index
        return keys.stream().distinct().sorted().toList();
    }

    @Override
    public List<Path> debsOf(String name, String source, String version, Consumer<String> out) throws Exception {
        List<Path> debs = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Map<String, String> p : binaries(name)) {
            String file = p.get("Filename");
            if (!builtFrom(p, source, version) || file == null || file.contains("..") || !file.endsWith(".deb")
                    || !seen.add(file)) {
                continue;
            }
            Path local = Files.createDirectories(downloads.resolve(name)).resolve(Path.of(file).getFileName().toString());
            debs.add(download(URI.create(url(name) + "/" + file), local));
        }
        return debs.stream().sorted().toList();
    }

    /** Where the PPA service serves the series' archive (the Lander's, where tickets publish). */
    public URI archiveUrl() {
        return URI.create(url(Publisher.ARCHIVE_PREFIX));
    }

    /**
     * The archive's indexes as the PPA service publishes them, what {@code LocalLandingSteps}
     * reads from its disk on the PPA host: the Sources index and the Packages indexes of this
     * builder's architecture and of {@code all} (those published; none before a first publish).
     */
    public ArchiveIndex archiveIndex(Consumer<String> out) throws Exception {
        Map<String, String> packages = new TreeMap<>();
        for (String arch : List.of(architecture, "all")) {
            String index = get(Publisher.ARCHIVE_PREFIX, "main/binary-" + arch + "/Packages");
            if (!index.isEmpty()) {
                packages.put(arch, index);
            }
        }
        String sources = get(Publisher.ARCHIVE_PREFIX, "main/source/Sources");
        out.accept("looking for triggered tests in " + archiveUrl() + "/dists/" + series + "/main ("
                + Deb822.parse(sources).size() + " source stanzas)");
        return new ArchiveIndex(ArchiveIndex.ARCHIVE, sources, packages);
    }

    /**
     * Downloads a source package of the archive into {@code dir}: its {@code .dsc} and the files
     * it lists, from the pool directory the Sources index names, each checked against the index's
     * size and SHA-256. Returns the {@code .dsc}.
     */
    public Path archiveSource(String source, String version, Path dir, Consumer<String> out) throws Exception {
        for (Map<String, String> stanza : Deb822.parse(get(Publisher.ARCHIVE_PREFIX, "main/source/Sources"))) {
            if (!source.equals(stanza.get("package")) || !version.equals(stanza.get("version"))) {
                continue;
            }
            String directory = stanza.getOrDefault("directory", "");
            if (!POOL_DIRECTORY.matcher(directory).matches()) {
                throw new IOException(source + " " + version + ": the archive names the pool directory '" + directory + "'");
            }
            Files.createDirectories(dir);
            Path dsc = null;
            for (String line : stanza.getOrDefault("checksums-sha256", "").strip().split("\n")) {
                String[] parts = line.trim().split("\s+");
                if (parts.length != 3 || !FILE_NAME.matcher(parts[2]).matches()) {
                    throw new IOException(source + " " + version + ": not a Checksums-Sha256 line of the archive: '" + line + "'");
                }
                Path file = download(URI.create(archiveUrl() + "/" + directory + "/" + parts[2]), dir.resolve(parts[2]));
                if (Files.size(file) != Long.parseLong(parts[1]) || !SourceUploadReader.sha256(file).equalsIgnoreCase(parts[0])) {
                    throw new IOException(parts[2] + " from " + archiveUrl() + " is not what the archive's Sources index lists");
                }
                out.accept("downloaded " + parts[2] + " from " + archiveUrl());
                if (parts[2].endsWith(".dsc")) {
                    dsc = file;
                }
            }
            if (dsc == null) {
                throw new IOException(source + " " + version + ": the archive's Sources index lists no .dsc");
            }
            return dsc;
        }
        throw new IOException(source + " " + version + " is not in the archive's Sources index at " + archiveUrl());
    }

    private Path download(URI uri, Path to) throws IOException, InterruptedException {
        HttpResponse<Path> r = exchange(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofFile(to));
        if (r.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + r.statusCode());
        }
        return to;
    }

    /** The digest {@code AptlyPpaBackend} computes on the PPA host, from the same indexes. */
    @Override
    public String contentDigest(String name, String series) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String index : List.of("main/binary-" + architecture + "/Packages", "main/binary-all/Packages", "main/source/Sources")) {
            sha.update(getBytes(name, series, index));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private List<Map<String, String>> binaries(String name) throws Exception {
        List<Map<String, String>> all = new ArrayList<>(stanzas(get(name, "main/binary-" + architecture + "/Packages")));
        all.addAll(stanzas(get(name, "main/binary-all/Packages")));
        return all;
    }

    /** A binary's {@code Source} field is absent when it is named as its source, and names the version only when it differs. */
    private static boolean builtFrom(Map<String, String> p, String source, String version) {
        String field = p.getOrDefault("Source", p.get("Package"));
        String name = field.split(" ")[0];
        String sourceVersion = field.contains("(") ? field.substring(field.indexOf('(') + 1, field.indexOf(')')).trim() : p.get("Version");
        return source.equals(name) && version.equals(sourceVersion);
    }

    private String get(String name, String index) throws Exception {
        return new String(getBytes(name, series, index), StandardCharsets.UTF_8);
    }

    /** A published index, empty when the PPA does not publish it (as {@code Aptly.publishedFile}). */
    private byte[] getBytes(String name, String series, String index) throws Exception {
        URI uri = URI.create(url(name) + "/dists/" + series + "/" + index);
        HttpResponse<byte[]> r = exchange(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            return new byte[0];
        }
        if (r.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + r.statusCode());
        }
        return r.body();
    }

    static List<Map<String, String>> stanzas(String index) {
        List<Map<String, String>> all = new ArrayList<>();
        for (String paragraph : index.split("\n\\s*\n")) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : paragraph.split("\n")) {
                int colon = line.indexOf(':');
                if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && colon > 0) {
                    fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
                }
            }
            if (fields.containsKey("Package")) {
                all.add(fields);
            }
        }
        return all;
    }

    private static List<Path> listedBy(Path dsc) throws IOException, InvalidSourceException {
        ControlFile control = ControlFile.parse(dsc.getFileName().toString(), Files.readString(dsc, StandardCharsets.UTF_8));
        List<Path> files = new ArrayList<>();
        for (String line : control.lines("Files")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3) {
                files.add(dsc.resolveSibling(parts[2]));
            }
        }
        return files;
    }

    private URI api(String name, String rest) {
        return URI.create(base + PpaService.PREFIX + name + "/" + rest);
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        try {
            return http.send(request, body);
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
            throw new IOException("the PPA service at " + base + " cannot be reached (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<byte[]> r = exchange(request.header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            body = Json.MAPPER.createObjectNode().put("error", new String(r.body(), StandardCharsets.UTF_8));
        }
        if (r.statusCode() != 200) {
            throw new IOException("the PPA service answered " + r.statusCode() + " to " + request.build().method() + " "
                    + request.build().uri().getPath() + ": " + (body == null ? "" : body.path("error").asText()));
        }
        return body;
    }
}
