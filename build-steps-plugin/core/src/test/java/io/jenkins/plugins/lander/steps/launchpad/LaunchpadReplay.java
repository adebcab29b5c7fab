package io.jenkins.plugins.lander.steps.launchpad;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.source.SourceUploadReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A replay of the parts of Launchpad's web service the backend uses, on 127.0.0.1, driven by a
 * test-controlled clock ({@link #tick()}: each tick moves uploads, builds, copies and deletions
 * one state on). Every shape follows a documented source, cited where it is produced:
 * <ul>
 * <li>entries and collection envelopes: python3-wadllib's recorded {@code personset.json}
 *     ({@code total_size}, {@code start}, {@code entries}, {@code next_collection_link}) and
 *     lazr.restful's conventions ({@code ws.op}, {@code ws.start}/{@code ws.size});
 * <li>archive, source publication and build fields: Launchpad's web-service doctests
 *     {@code lib/lp/soyuz/stories/webservice/xx-archive.rst}, {@code xx-source-package-publishing.rst},
 *     {@code xx-builds.rst}; build state titles {@code lib/lp/buildmaster/enums.py} and the
 *     {@code buildstate} options of python3-launchpadlib's WADL;
 * <li>{@code createPPA}: {@code xx-person-createppa.rst} (201 + Location); {@code copyPackage}:
 *     {@code lib/lp/soyuz/interfaces/archive.py} (devel, asynchronous; CannotCopy as 400 text/plain);
 *     {@code requestDeletion}: {@code xx-source-package-publishing.rst} (200, status Deleted);
 * <li>OAuth PLAINTEXT: lazr.restfulclient {@code authorize/oauth.py} (401 text/plain on a bad signature).
 * </ul>
 * Uploads come in by FTP (Debian's pyftpdlib on loopback, as dput-ng's {@code ppa} profile sends
 * them to ppa.launchpad.net) into {@code incoming/~OWNER/NAME/}; a {@code .changes} is accepted
 * only with a good OpenPGP signature (gpgv against the test keyring) on it and its {@code .dsc},
 * and files that match their checksums. Built binaries are served as an apt repository in the
 * ppa.launchpadcontent.net shape {@code /content/OWNER/NAME/ubuntu}.
 */
public final class LaunchpadReplay implements AutoCloseable {
    /** Builds an accepted source into binaries, as a Launchpad builder would (the test decides how). */
    @FunctionalInterface
    public interface Builder {
        List<Path> build(SourceUpload source, Path outDir) throws Exception;
    }

    /** What one source's builds do: the states they pass through, and what their logs say. */
    public record Script(List<BuildState> states, String uploadLog, String dependencies) {
        public static Script succeeds() {
            return new Script(List.of(BuildState.NEEDSBUILD, BuildState.BUILDING, BuildState.UPLOADING, BuildState.FULLYBUILT),
                    null, null);
        }

        public static Script endsIn(BuildState end, String uploadLog, String dependencies) {
            return new Script(List.of(BuildState.NEEDSBUILD, BuildState.BUILDING, end), uploadLog, dependencies);
        }
    }

    final String consumer;
    final String token;
    final String secret;
    private final Path dir;
    private final Path keyring;
    private final Builder builder;
    private final HttpServer server;
    private final Process ftp;
    private final int ftpPort;
    private final String root;
    private final Map<String, Archive> archives = new LinkedHashMap<>();
    private final Map<Integer, Spph> spphs = new LinkedHashMap<>();
    private final Map<Integer, Build> builds = new LinkedHashMap<>();
    private final Map<String, Script> scripts = new LinkedHashMap<>();
    private final List<Runnable> copyJobs = new ArrayList<>();
    /** Every Authorization header and request line received, for the tests to look at. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** Why uploads were rejected, as Launchpad would mail it. */
    public final List<String> rejections = new CopyOnWriteArrayList<>();
    private int nextId = 1;
    private int pageSize = 75;
    private long ticks;

    /**
     * @param keyring the public keyring uploads must be signed with
     * @param target the reference of the archive tickets are published to ({@code ~owner/ubuntu/name})
     */
    public LaunchpadReplay(Path dir, Path keyring, String target, String consumer, String token, String secret,
            Builder builder) throws IOException {
        this.dir = dir;
        this.keyring = keyring;
        this.builder = builder;
        this.consumer = consumer;
        this.token = token;
        this.secret = secret;
        Files.createDirectories(dir.resolve("incoming"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        root = "http://127.0.0.1:" + server.getAddress().getPort() + "/devel/";
        String[] t = target.substring(1).split("/");
        archive(t[0], t[1], t[2]);
        // Debian's python3, where python3-pyftpdlib is installed (not whatever python3 is first on PATH)
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-m", "pyftpdlib", "-i", "127.0.0.1", "-p", "0", "-w",
                "-d", dir.resolve("incoming").toString()).redirectErrorStream(true);
        ftp = pb.start();
        ftpPort = awaitFtpPort(ftp);
    }

    private static int awaitFtpPort(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Pattern started = Pattern.compile(".*starting FTP server on 127\\.0\\.0\\.1:(\\d+).*");
        StringBuilder said = new StringBuilder();
        for (String line; (line = r.readLine()) != null; ) {
            said.append(line).append('\n');
            Matcher m = started.matcher(line);
            if (m.matches()) {
                Thread drain = new Thread(() -> r.lines().forEach(l -> {}), "ftp log");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IOException("pyftpdlib did not start (run scripts/setup-launchpad): " + said);
    }

    public URI api() {
        return URI.create(root);
    }

    public URI content() {
        return URI.create(root.replace("/devel/", "/content"));
    }

    public String uploadHost() {
        return "127.0.0.1:" + ftpPort;
    }

    public synchronized void script(String source, Script script) {
        scripts.put(source, script);
    }

    public synchronized void pageSize(int size) {
        pageSize = size;
    }

    public synchronized long ticks() {
        return ticks;
    }

    /** The names of the PPAs that exist. */
    public synchronized List<String> archiveNames() {
        return archives.values().stream().map(a -> a.name).toList();
    }

    /** The live (Pending or Published) sources of an archive, as {@code name version status}. */
    public synchronized List<String> live(String owner, String name) {
        Archive a = archives.get(owner + "/" + name);
        return a == null ? List.of() : spphs.values().stream()
                .filter(s -> s.archive == a && LaunchpadPpaBackend.LIVE.contains(s.status))
                .map(s -> s.name + " " + s.version + " " + s.status).toList();
    }

    // ---- the clock ------------------------------------------------------------------------------

    /** One tick of Launchpad's clock: intake, then every publication, build, copy and deletion one step on. */
    public synchronized void tick() {
        ticks++;
        for (Spph s : spphs.values()) {
            if (s.status.equals("Pending")) {
                s.status = "Published";
                s.datePublished = "2026-12-02T00:00:" + String.format("%02d", ticks % 60) + "+00:00";
            }
            for (Bin b : s.binaries) {
                if (b.status.equals("Pending") || (s.status.equals("Deleted") && !b.status.equals("Deleted"))) {
                    b.status = s.status.equals("Deleted") ? "Deleted" : "Published";
                    republish(s.archive);
                }
            }
        }
        for (Build b : builds.values()) {
            if (!b.state.finished() && !b.script.isEmpty()) {
                b.state = b.script.removeFirst();
                if (b.state.finished()) {
                    finish(b);
                }
            }
        }
        List<Runnable> jobs = new ArrayList<>(copyJobs);
        copyJobs.clear();
        jobs.forEach(Runnable::run);
        intake();
    }

    private void finish(Build b) {
        Spph s = b.spph;
        Script script = scripts.getOrDefault(s.name, Script.succeeds());
        try {
            Path files = dir.resolve("files").resolve("build-" + b.id);
            Files.createDirectories(files);
            String log = "buildlog of " + s.name + " " + s.version + " on " + b.arch + ": " + b.state.title() + "\n";
            Files.writeString(files.resolve("buildlog.txt"), log);
            b.buildLog = fileUrl(files.resolve("buildlog.txt"));
            switch (b.state) {
                case FULLYBUILT -> {
                    for (Path deb : builder.build(s.upload, files)) {
                        s.binaries.add(new Bin(nextId++, deb, "Pending"));
                    }
                }
                case FAILEDTOUPLOAD -> {
                    Files.writeString(files.resolve("upload.log"), script.uploadLog());
                    b.uploadLog = fileUrl(files.resolve("upload.log"));
                }
                case MANUALDEPWAIT -> b.dependencies = script.dependencies();
                default -> {}
            }
        } catch (Exception e) {
            throw new IllegalStateException("the replay's builder failed: " + e.getMessage(), e);
        }
    }

    private void intake() {
        for (Archive a : archives.values()) {
            Path incoming = dir.resolve("incoming").resolve("~" + a.owner).resolve(a.name);
            if (!Files.isDirectory(incoming)) {
                continue;
            }
            List<Path> changes;
            try (Stream<Path> files = Files.list(incoming)) {
                changes = files.filter(f -> f.getFileName().toString().endsWith(".changes")).sorted().toList();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            for (Path c : changes) {
                accept(a, c);
            }
        }
    }

    private void accept(Archive a, Path changes) {
        Path queue = dir.resolve("queue").resolve(String.valueOf(nextId++));
        try {
            Files.createDirectories(queue);
            SourceUpload staged;
            try {
                staged = new SourceUploadReader().read(changes);
            } catch (Exception e) {
                rejections.add(changes.getFileName() + ": " + e.getMessage());
                Files.delete(changes);
                return;
            }
            for (var f : staged.files()) {
                Files.move(f.path(), queue.resolve(f.name()));
            }
            SourceUpload upload = new SourceUploadReader().read(queue.resolve(changes.getFileName()));
            for (Path signed : List.of(upload.descriptor(), upload.dsc())) {
                Process p = new ProcessBuilder("gpgv", "--keyring", keyring.toString(), signed.toString())
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    rejections.add(signed.getFileName() + ": Rejected: no valid signature (" + out.strip() + ")");
                    return;
                }
            }
            boolean exists = spphs.values().stream().anyMatch(s -> s.archive == a && s.name.equals(upload.source())
                    && s.version.equals(upload.version()) && !s.status.equals("Deleted"));
            if (exists) {
                rejections.add(upload.key() + ": Rejected: version already exists in the PPA");
                return;
            }
            Spph s = new Spph(nextId++, a, upload.source(), upload.version(), upload.distribution(), upload);
            spphs.put(s.id, s);
            Script script = scripts.getOrDefault(upload.source(), Script.succeeds());
            Build b = new Build(nextId++, s, "amd64", new ArrayDeque<>(script.states()));
            b.state = b.script.removeFirst();
            builds.put(b.id, b);
            s.builds.add(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    private void handle(HttpExchange x) throws IOException {
        try {
            String path = x.getRequestURI().getRawPath();
            if (path.startsWith("/content/") || path.startsWith("/files/")) {
                serveFile(x, path);
                return;
            }
            String auth = x.getRequestHeaders().getFirst("Authorization");
            requests.add(x.getRequestMethod() + " " + x.getRequestURI() + " | " + auth);
            if (!authorized(auth)) {
                // lazr.restful answers a bad or missing signature with 401 and a text body
                text(x, 401, "Invalid OAuth signature.");
                return;
            }
            Map<String, String> params = new LinkedHashMap<>(query(x.getRequestURI().getRawQuery()));
            if (x.getRequestMethod().equals("POST")) {
                params.putAll(query(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            }
            synchronized (this) {
                route(x, path.substring("/devel/".length()), params);
            }
        } catch (CannotCopy e) {
            text(x, 400, e.getMessage());
        } catch (RuntimeException e) {
            text(x, 500, e.toString());
        } finally {
            x.close();
        }
    }

    /**
     * PLAINTEXT (RFC 5849 3.4.4, as oauthlib signs for launchpadlib): the signature is the encoded
     * consumer secret (empty) + {@code &} + the encoded token secret, and the header encodes it once more.
     */
    private boolean authorized(String header) {
        if (header == null || !header.startsWith("OAuth ")) {
            return false;
        }
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(header);
        while (m.find()) {
            p.put(m.group(1), URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
        }
        return "OAuth".equals(p.get("realm")) && "PLAINTEXT".equals(p.get("oauth_signature_method"))
                && "1.0".equals(p.get("oauth_version")) && consumer.equals(p.get("oauth_consumer_key"))
                && token.equals(p.get("oauth_token")) && ("&" + java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8)).equals(p.get("oauth_signature"))
                && p.containsKey("oauth_nonce") && p.containsKey("oauth_timestamp");
    }

    private void route(HttpExchange x, String path, Map<String, String> p) throws IOException {
        String op = p.get("ws.op");
        Matcher person = Pattern.compile("~([a-z0-9.+-]+)").matcher(path);
        Matcher archive = Pattern.compile("~([a-z0-9.+-]+)/\\+archive/([a-z0-9]+)/([a-z0-9.+-]+)").matcher(path);
        Matcher sourcepub = Pattern.compile("~([a-z0-9.+-]+)/\\+archive/[a-z0-9]+/[a-z0-9.+-]+/\\+sourcepub/(\\d+)").matcher(path);
        Matcher build = Pattern.compile("~([a-z0-9.+-]+)/\\+archive/[a-z0-9]+/[a-z0-9.+-]+/\\+build/(\\d+)").matcher(path);
        if (person.matches() && "createPPA".equals(op)) {
            String key = person.group(1) + "/" + p.get("name");
            if (archives.containsKey(key)) {
                text(x, 400, "You already have a PPA for Ubuntu named '" + p.get("name") + "'.");
                return;
            }
            Archive a = archive(person.group(1), "ubuntu", p.get("name"));
            x.getResponseHeaders().add("Location", a.selfLink());
            x.sendResponseHeaders(201, -1);
        } else if (archive.matches()) {
            Archive a = archives.get(archive.group(1) + "/" + archive.group(3));
            if (a == null) {
                text(x, 404, "Object: <Person " + archive.group(1) + ">, name: '+archive'");
            } else if (op == null) {
                json(x, a.json());
            } else {
                switch (op) {
                    case "getPublishedSources" -> json(x, page(a.selfLink() + "?ws.op=" + op, spphs.values().stream()
                            .filter(s -> s.archive == a && matches(s, p)).map(Spph::json).toList(), p));
                    case "getPublishedBinaries" -> json(x, page(a.selfLink() + "?ws.op=" + op, spphs.values().stream()
                            .filter(s -> s.archive == a).flatMap(s -> s.binaries.stream().map(b -> b.json(s))).toList(), p));
                    case "getBuildSummariesForSourceIds" -> json(x, summaries(p.get("source_ids")));
                    case "copyPackage" -> {
                        copyPackage(a, p);
                        json(x, null);
                    }
                    default -> text(x, 400, "No such operation: " + op);
                }
            }
        } else if (sourcepub.matches()) {
            Spph s = spphs.get(Integer.parseInt(sourcepub.group(2)));
            if (s == null) {
                text(x, 404, "no such publication");
            } else if (op == null) {
                json(x, s.json());
            } else {
                switch (op) {
                    case "getBuilds" -> json(x, page(s.selfLink() + "?ws.op=" + op, s.builds.stream().map(Build::json).toList(), p));
                    case "getPublishedBinaries" -> json(x, page(s.selfLink() + "?ws.op=" + op,
                            s.binaries.stream().map(b -> b.json(s)).toList(), p));
                    case "binaryFileUrls" -> {
                        ArrayNode urls = Json.MAPPER.createArrayNode();
                        s.binaries.forEach(b -> urls.add(fileUrl(b.deb)));
                        json(x, urls);
                    }
                    case "requestDeletion" -> {
                        s.status = "Deleted";
                        s.removalComment = p.get("removal_comment");
                        json(x, null);
                    }
                    default -> text(x, 400, "No such operation: " + op);
                }
            }
        } else if (build.matches()) {
            Build b = builds.get(Integer.parseInt(build.group(2)));
            if (b == null) {
                text(x, 404, "no such build");
            } else {
                json(x, b.json());
            }
        } else {
            text(x, 404, "Object: <WebServiceApplication>, name: '" + path + "'");
        }
    }

    private static boolean matches(Spph s, Map<String, String> p) {
        boolean exact = "true".equals(p.get("exact_match"));
        String name = p.get("source_name");
        return (name == null || (exact ? s.name.equals(name) : s.name.contains(name)))
                && (p.get("version") == null || s.version.equals(p.get("version")))
                && (p.get("status") == null || s.status.equals(p.get("status")));
    }

    /** lazr.restful's collection envelope (python3-wadllib's recorded personset.json), paged by ws.start/ws.size. */
    private ObjectNode page(String link, List<ObjectNode> all, Map<String, String> p) {
        int start = Integer.parseInt(p.getOrDefault("ws.start", "0"));
        int size = Integer.parseInt(p.getOrDefault("ws.size", String.valueOf(pageSize)));
        ObjectNode page = Json.MAPPER.createObjectNode();
        page.put("total_size", all.size());
        page.put("start", start);
        ArrayNode entries = page.putArray("entries");
        all.stream().skip(start).limit(size).forEach(entries::add);
        if (start + size < all.size()) {
            StringBuilder next = new StringBuilder(link);
            p.forEach((k, v) -> {
                if (!k.equals("ws.op") && !k.startsWith("ws.")) {
                    next.append('&').append(k).append('=').append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8));
                }
            });
            next.append("&ws.start=").append(start + size).append("&ws.size=").append(size);
            page.put("next_collection_link", next.toString());
        }
        page.put("resource_type_link", root + "#source_package_publishing_history-page-resource");
        return page;
    }

    /** getBuildSummariesForSourceIds: {"<id>": {"status": "FULLYBUILT" | "FULLYBUILT_PENDING" | …, "builds": […]}}. */
    private ObjectNode summaries(String ids) throws IOException {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (var id : Json.MAPPER.readTree(ids)) {
            Spph s = spphs.get(id.asInt());
            if (s == null) {
                continue;
            }
            ObjectNode e = out.putObject(id.asText());
            boolean built = s.builds.stream().allMatch(b -> b.state == BuildState.FULLYBUILT);
            boolean published = s.binaries.stream().allMatch(b -> b.status.equals("Published"));
            e.put("status", !built ? (s.builds.stream().anyMatch(b -> b.state.finished() && b.state != BuildState.FULLYBUILT)
                    ? "FAILEDTOBUILD" : "NEEDSBUILD") : published && !s.binaries.isEmpty() ? "FULLYBUILT" : "FULLYBUILT_PENDING");
            ArrayNode bs = e.putArray("builds");
            s.builds.forEach(b -> bs.add(b.json()));
        }
        return out;
    }

    private void copyPackage(Archive to, Map<String, String> p) {
        String name = p.get("source_name");
        String version = p.get("version");
        String series = p.get("to_series");
        Spph from = spphs.values().stream()
                .filter(s -> s.archive.selfLink().equals(p.get("from_archive")) && s.name.equals(name)
                        && s.version.equals(version) && s.status.equals("Published"))
                .findFirst().orElseThrow(() -> new CannotCopy(name + " " + version + " in " + series
                        + " (source has no binaries to be copied)"));
        if (spphs.values().stream().anyMatch(s -> s.archive == to && s.name.equals(name) && s.version.equals(version)
                && !s.status.equals("Deleted"))) {
            throw new CannotCopy(name + " " + version + " in " + series + " (same version already published in the target archive)");
        }
        boolean binaries = "true".equals(p.get("include_binaries"));
        copyJobs.add(() -> {
            Spph copy = new Spph(nextId++, to, name, version, series, from.upload);
            copy.copiedFrom = from.archive.selfLink();
            if (binaries) {
                from.binaries.forEach(b -> copy.binaries.add(new Bin(nextId++, b.deb, "Pending")));
            }
            spphs.put(copy.id, copy);
        });
    }

    private static final class CannotCopy extends RuntimeException {
        CannotCopy(String message) {
            super(message);
        }
    }

    private void republish(Archive a) {
        Path repo = dir.resolve("content").resolve(a.owner).resolve(a.name).resolve("ubuntu");
        try {
            Path pool = repo.resolve("pool");
            io.jenkins.plugins.lander.FileTrees.delete(repo);
            Files.createDirectories(pool);
            for (Spph s : spphs.values()) {
                for (Bin b : s.binaries) {
                    if (s.archive == a && b.status.equals("Published")) {
                        Files.copy(b.deb, pool.resolve(b.deb.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            for (String series : spphs.values().stream().filter(s -> s.archive == a).map(s -> s.series).distinct().toList()) {
                Path bin = Files.createDirectories(repo.resolve("dists").resolve(series).resolve("main").resolve("binary-amd64"));
                run(repo, bin.resolve("Packages"), "apt-ftparchive", "packages", "pool");
                run(repo, repo.resolve("Release.tmp"), "apt-ftparchive", "-o", "APT::FTPArchive::Release::Suite=" + series,
                        "-o", "APT::FTPArchive::Release::Architectures=amd64", "-o", "APT::FTPArchive::Release::Components=main",
                        "release", "dists/" + series);
                Files.move(repo.resolve("Release.tmp"), repo.resolve("dists").resolve(series).resolve("Release"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("republishing " + a.name + ": " + e.getMessage(), e);
        }
    }

    private static void run(Path dir, Path out, String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed");
        }
    }

    private void serveFile(HttpExchange x, String path) throws IOException {
        Path base = dir.resolve(path.startsWith("/content/") ? "content" : "files").normalize();
        Path f = base.resolve(URLDecoder.decode(path.replaceFirst("^/(content|files)/", ""), StandardCharsets.UTF_8)).normalize();
        if (!f.startsWith(base) || !Files.isRegularFile(f)) {
            text(x, 404, "not found");
            return;
        }
        x.sendResponseHeaders(200, Files.size(f));
        try (var out = x.getResponseBody()) {
            Files.copy(f, out);
        }
    }

    private String fileUrl(Path f) {
        return root.replace("/devel/", "/files/") + dir.resolve("files").relativize(f).toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void json(HttpExchange x, Object body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(200, bytes.length);
        x.getResponseBody().write(bytes);
    }

    private static void text(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "text/plain");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    private Archive archive(String owner, String distribution, String name) throws IOException {
        Archive a = new Archive(owner, distribution, name);
        archives.put(owner + "/" + name, a);
        Files.createDirectories(dir.resolve("incoming").resolve("~" + owner).resolve(name));
        return a;
    }

    // ---- the model ------------------------------------------------------------------------------

    private final class Archive {
        final String owner;
        final String distribution;
        final String name;

        Archive(String owner, String distribution, String name) {
            this.owner = owner;
            this.distribution = distribution;
            this.name = name;
        }

        String selfLink() {
            return root + "~" + owner + "/+archive/" + distribution + "/" + name;
        }

        /** xx-archive.rst (devel): the fields of an archive entry. */
        ObjectNode json() {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("self_link", selfLink());
            o.put("web_link", selfLink().replace(root, "https://launchpad.test/"));
            o.put("resource_type_link", root + "#archive");
            o.put("name", name);
            o.put("displayname", "PPA " + name);
            o.put("reference", "~" + owner + "/" + distribution + "/" + name);
            o.put("owner_link", root + "~" + owner);
            o.put("distribution_link", root + distribution);
            o.put("private", false);
            o.put("publish", true);
            o.put("status", "Active");
            o.put("require_virtualized", true);
            o.put("authorized_size", 1024);
            o.putNull("signing_key_fingerprint");
            o.put("http_etag", "\"" + name + "-" + ticks + "\"");
            return o;
        }
    }

    private final class Spph {
        final int id;
        final Archive archive;
        final String name;
        final String version;
        final String series;
        final SourceUpload upload;
        final List<Build> builds = new ArrayList<>();
        final List<Bin> binaries = new ArrayList<>();
        String status = "Pending";
        String datePublished;
        String removalComment;
        String copiedFrom;

        Spph(int id, Archive archive, String name, String version, String series, SourceUpload upload) {
            this.id = id;
            this.archive = archive;
            this.name = name;
            this.version = version;
            this.series = series;
            this.upload = upload;
        }

        String selfLink() {
            return archive.selfLink() + "/+sourcepub/" + id;
        }

        /** xx-source-package-publishing.rst: a source_package_publishing_history entry. */
        ObjectNode json() {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("self_link", selfLink());
            o.put("resource_type_link", root + "#source_package_publishing_history");
            o.put("archive_link", archive.selfLink());
            o.put("source_package_name", name);
            o.put("source_package_version", version);
            o.put("display_name", name + " " + version + " in " + series);
            o.put("distro_series_link", root + archive.distribution + "/" + series);
            o.put("component_name", "main");
            o.put("section_name", "misc");
            o.put("pocket", "Release");
            o.put("status", status);
            o.put("date_created", "2026-12-02T00:00:00+00:00");
            if (datePublished == null) {
                o.putNull("date_published");
            } else {
                o.put("date_published", datePublished);
            }
            o.putNull("date_superseded");
            if (removalComment == null) {
                o.putNull("removal_comment");
                o.putNull("date_removed");
            } else {
                o.put("removal_comment", removalComment);
                o.put("date_removed", "2026-12-02T00:00:00+00:00");
            }
            if (copiedFrom == null) {
                o.putNull("copied_from_archive_link");
            } else {
                o.put("copied_from_archive_link", copiedFrom);
            }
            o.putNull("packageupload_link");
            o.put("http_etag", "\"" + id + "-" + status + "\"");
            return o;
        }
    }

    private final class Build {
        final int id;
        final Spph spph;
        final String arch;
        final Deque<BuildState> script;
        BuildState state;
        String buildLog;
        String uploadLog;
        String dependencies;

        Build(int id, Spph spph, String arch, Deque<BuildState> script) {
            this.id = id;
            this.spph = spph;
            this.arch = arch;
            this.script = script;
        }

        /** xx-builds.rst (devel keeps 1.0's names: buildstate, build_log_url, upload_log_url, datebuilt). */
        ObjectNode json() {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("self_link", spph.archive.selfLink() + "/+build/" + id);
            o.put("web_link", spph.archive.selfLink().replace(root, "https://launchpad.test/") + "/+build/" + id);
            o.put("resource_type_link", root + "#build");
            o.put("title", arch + " build of " + spph.name + " " + spph.version + " in " + spph.archive.distribution
                    + " " + spph.series + " RELEASE");
            o.put("arch_tag", arch);
            o.put("buildstate", state.title());
            o.put("archive_link", spph.archive.selfLink());
            o.put("current_source_publication_link", spph.selfLink());
            o.put("source_package_name", spph.name);
            o.put("source_package_version", spph.version);
            o.put("pocket", "Release");
            nullable(o, "build_log_url", buildLog);
            nullable(o, "upload_log_url", uploadLog);
            nullable(o, "dependencies", dependencies);
            o.put("can_be_retried", state == BuildState.FAILEDTOBUILD || state == BuildState.MANUALDEPWAIT
                    || state == BuildState.CHROOTWAIT || state == BuildState.FAILEDTOUPLOAD || state == BuildState.CANCELLED);
            o.put("can_be_cancelled", state == BuildState.NEEDSBUILD || state == BuildState.BUILDING);
            nullable(o, "datebuilt", state.finished() ? "2026-12-02T00:01:20+00:00" : null);
            o.put("datecreated", "2026-12-02T00:00:00+00:00");
            return o;
        }
    }

    private static void nullable(ObjectNode o, String field, String value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    private final class Bin {
        final int id;
        final Path deb;
        String status;

        Bin(int id, Path deb, String status) {
            this.id = id;
            this.deb = deb;
            this.status = status;
        }

        /** xx-binary-package-publishing.rst: a binary_package_publishing_history entry. */
        ObjectNode json(Spph s) {
            String[] parts = deb.getFileName().toString().replaceFirst("\\.deb$", "").split("_");
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("self_link", s.archive.selfLink() + "/+binarypub/" + id);
            o.put("resource_type_link", root + "#binary_package_publishing_history");
            o.put("binary_package_name", parts[0]);
            o.put("binary_package_version", parts[1]);
            o.put("architecture_specific", !parts[2].equals("all"));
            o.put("distro_arch_series_link", root + s.archive.distribution + "/" + s.series + "/amd64");
            o.put("status", status);
            o.put("display_name", parts[0] + " " + parts[1] + " in " + s.series + " amd64");
            return o;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ftp.destroy();
    }
}
