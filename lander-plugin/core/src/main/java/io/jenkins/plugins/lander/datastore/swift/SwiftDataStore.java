package io.jenkins.plugins.lander.datastore.swift;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.cloud.OpenStackSession;
import io.jenkins.plugins.lander.cloud.OpenStackSettings;
import io.jenkins.plugins.lander.cloud.Retry;
import io.jenkins.plugins.lander.datastore.Bundles;
import io.jenkins.plugins.lander.datastore.Checksums;
import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.datastore.Names;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.model.storage.object.SwiftObject;
import org.openstack4j.model.storage.object.options.ObjectListOptions;

/**
 * The data store in OpenStack Swift. Each container of the store is two Swift containers: {@code C}
 * with {@code X-Container-Read: .r:*,.rlistings}, so anyone can read and list its public files
 * over plain HTTP, and {@code C.private}, readable only with a token of the project, for its
 * private files. (Swift's ACLs are per container, so a private file cannot sit in a public
 * container; the seed's {@code change_visibility(filename)} moves the file between the two with a
 * server-side copy.) Container names ending in {@code .private} are therefore refused.
 *
 * <p>OpenStack4j does the login, the catalog and the listings (paged with {@code marker}: Swift
 * answers at most 10,000 names at a time). The containers (with their ACLs) and the objects go
 * through {@code java.net.http}, streamed from and to disk in constant memory (OpenStack4j's okhttp
 * connector holds a whole request body on the heap), with the MD5 sent as {@code ETag} so Swift
 * refuses a corrupted upload. Every request is retried on a 5xx or a failed connection
 * ({@link Retry}). A single object is at most 5 GiB (Swift's default {@code max_file_size}).
 */
public final class SwiftDataStore implements DataStore {
    public static final String PRIVATE_SUFFIX = ".private";
    public static final long MAX_OBJECT_SIZE = 5L << 30;
    private static final String PUBLIC_READ = ".r:*,.rlistings";
    private static final int LISTING_PAGE = 10_000;
    private static final int DELETE_THREADS = 8;
    private static final int BULK_DELETE_BATCH = 1000;
    private static final Duration SMALL_REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final Set<String> TEXT_EXTENSIONS =
            Set.of("", "log", "txt", "xml", "json", "subunit", "changes", "dsc", "buildinfo", "stdout", "stderr");

    private final OpenStackSession session;
    private final URI storageUrl;
    /** Swift containers this store has created (or found) with the right ACL. */
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private volatile Boolean bulkDelete;

    public SwiftDataStore(OpenStackSession session) throws IOException {
        this.session = session;
        this.storageUrl = session.endpoint(ServiceType.OBJECT_STORAGE);
    }

    /** Logs in to Keystone and finds Swift in the catalog (or at {@code OS_STORAGE_URL}). */
    public static SwiftDataStore open(OpenStackSettings settings, Retry retry) throws IOException {
        return new SwiftDataStore(OpenStackSession.login(settings, retry));
    }

    /** The account's URL, {@code …/v1/AUTH_project}. */
    public URI storageUrl() {
        return storageUrl;
    }

    @Override
    public URI put(String container, String name, Path file, Visibility visibility) throws IOException {
        return upload(container, name, visibility, file, Checksums.md5(file));
    }

    @Override
    public URI put(String container, String name, byte[] content, Visibility visibility) throws IOException {
        return upload(container, name, visibility, Checksums.md5(content), BodyPublishers.ofByteArray(content));
    }

    private URI upload(String container, String name, Visibility visibility, Path file, Checksums.Summary summary)
            throws IOException {
        if (summary.size() > MAX_OBJECT_SIZE) {
            throw new IOException(file + " is " + summary.size() + " bytes; a Swift object is at most " + MAX_OBJECT_SIZE);
        }
        // ofFile streams from disk, and starts over at each attempt
        return upload(container, name, visibility, summary.md5(), BodyPublishers.ofFile(file));
    }

    /**
     * PUTs the object into the container of its visibility, then removes a copy of the other
     * visibility: a file turning private stays readable as public a moment longer, never the other
     * way round.
     */
    private URI upload(String container, String name, Visibility visibility, String md5, BodyPublisher body)
            throws IOException {
        Names.checkName(name);
        String target = swiftContainer(container, visibility);
        URI url = objectUrl(target, name);
        String what = "PUT " + target + "/" + name;
        for (boolean recreated = false; ; recreated = true) {
            ensureContainer(target, visibility);
            HttpRequest.Builder put = HttpRequest.newBuilder(url)
                    .header("ETag", md5)
                    .header("Content-Type", contentType(name))
                    .PUT(body);
            HttpResponse<String> response = session.send(what, put, BodyHandlers.ofString());
            if (response.statusCode() == 404 && !recreated) {
                // the container was deleted behind this store's back
                ready.remove(target);
                continue;
            }
            if (response.statusCode() == 422) {
                throw new IOException("Swift refused " + target + "/" + name
                        + ": its content does not match MD5 " + md5 + " (was the file changed during the upload?)");
            }
            expect(response, what, 201);
            break;
        }
        deleteObject(swiftContainer(container, other(visibility)), name);
        return url;
    }

    /**
     * Text for what people open in a browser (logs, summaries, results), bytes for the rest; never
     * HTML, since a public log holds text a package under test chose.
     */
    static String contentType(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        String extension = dot < 0 ? "" : base.substring(dot + 1);
        return TEXT_EXTENSIONS.contains(extension) ? "text/plain; charset=utf-8" : "application/octet-stream";
    }

    /**
     * The bundle's files first, the manifest last (the bundle exists for readers once the manifest
     * does), then the files of an older bundle that the new one does not have. An older manifest is
     * deleted before anything is overwritten.
     */
    @Override
    public URI putBundle(String container, String prefix, Map<String, Path> files, Visibility visibility)
            throws IOException {
        Bundle bundle = Bundles.describe(prefix, files);
        String manifest = prefix + "/" + BUNDLE_MANIFEST;
        delete(container, manifest);
        Set<String> keep = new HashSet<>();
        keep.add(manifest);
        for (BundleFile f : bundle.files()) {
            String name = prefix + "/" + f.name();
            upload(container, name, visibility, files.get(f.name()), new Checksums.Summary(f.size(), f.md5()));
            keep.add(name);
        }
        URI reference = put(container, manifest, Bundles.manifest(bundle), visibility);
        for (Visibility v : Visibility.values()) {
            String swift = swiftContainer(container, v);
            deleteAll(swift, names(swift, prefix + "/").stream().filter(n -> !keep.contains(n)).toList());
        }
        return reference;
    }

    @Override
    public InputStream get(String container, String name) throws IOException {
        Names.checkName(name);
        for (Visibility v : Visibility.values()) {
            String swift = swiftContainer(container, v);
            HttpResponse<InputStream> response = session.send("GET " + swift + "/" + name,
                    HttpRequest.newBuilder(objectUrl(swift, name)).GET(), BodyHandlers.ofInputStream());
            if (response.statusCode() == 200) {
                return response.body();
            }
            response.body().close();
            if (response.statusCode() != 404) {
                throw new IOException("GET " + swift + "/" + name + ": HTTP " + response.statusCode());
            }
        }
        throw new NoSuchFileException(container + "/" + name);
    }

    @Override
    public List<String> list(String container) throws IOException {
        List<String> names = new ArrayList<>();
        for (Visibility v : Visibility.values()) {
            names.addAll(names(swiftContainer(container, v), null));
        }
        return names.stream().sorted().distinct().toList();
    }

    /** Every object name of a Swift container, page after page; empty for a missing container. */
    private List<String> names(String swift, String prefix) throws IOException {
        List<String> names = new ArrayList<>();
        String marker = null;
        while (true) {
            ObjectListOptions options = ObjectListOptions.create().limit(LISTING_PAGE);
            if (marker != null) {
                options.marker(marker);
            }
            if (prefix != null) {
                options.startsWith(prefix);
            }
            List<? extends SwiftObject> page = session.call("list " + swift,
                    os -> os.objectStorage().objects().list(swift, options));
            if (page == null || page.isEmpty()) {
                return names;
            }
            page.forEach(o -> names.add(o.getName()));
            marker = page.get(page.size() - 1).getName();
        }
    }

    @Override
    public Visibility visibility(String container, String name) throws IOException {
        Names.checkName(name);
        for (Visibility v : Visibility.values()) {
            if (exists(swiftContainer(container, v), name)) {
                return v;
            }
        }
        throw new NoSuchFileException(container + "/" + name);
    }

    /** A server-side copy into the other container, then the delete of the original. */
    @Override
    public void changeVisibility(String container, String name, Visibility visibility) throws IOException {
        Names.checkName(name);
        String from = swiftContainer(container, other(visibility));
        String to = swiftContainer(container, visibility);
        ensureContainer(to, visibility);
        HttpRequest.Builder copy = HttpRequest.newBuilder(objectUrl(to, name))
                .header("X-Copy-From", "/" + encode(from) + "/" + encodePath(name))
                .timeout(SMALL_REQUEST_TIMEOUT)
                .PUT(BodyPublishers.noBody());
        HttpResponse<String> response = session.send("COPY " + from + "/" + name + " to " + to, copy, BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            if (exists(to, name)) {
                return;
            }
            throw new NoSuchFileException(container + "/" + name);
        }
        expect(response, "COPY " + from + "/" + name + " to " + to, 201);
        deleteObject(from, name);
    }

    @Override
    public void delete(String container, String name) throws IOException {
        Names.checkName(name);
        for (Visibility v : Visibility.values()) {
            deleteObject(swiftContainer(container, v), name);
        }
    }

    /** Deletes every object (Swift deletes only empty containers), then both containers. */
    @Override
    public void deleteContainer(String container) throws IOException {
        for (Visibility v : Visibility.values()) {
            String swift = swiftContainer(container, v);
            deleteAll(swift, names(swift, null));
            ready.remove(swift);
            HttpResponse<String> response = session.send("DELETE container " + swift,
                    HttpRequest.newBuilder(containerUrl(swift)).timeout(SMALL_REQUEST_TIMEOUT).DELETE(),
                    BodyHandlers.ofString());
            if (response.statusCode() != 404) {
                expect(response, "DELETE container " + swift, 204);
            }
        }
    }

    @Override
    public URI reference(String container, String name) {
        Names.checkName(name);
        return objectUrl(swiftContainer(container, Visibility.PUBLIC), name);
    }

    @Override
    public Optional<Location> locate(URI reference) {
        String base = storageUrl.getRawPath() + "/";
        if (!storageUrl.getScheme().equals(reference.getScheme()) || !java.util.Objects.equals(storageUrl.getRawAuthority(),
                reference.getRawAuthority()) || reference.getRawPath() == null || !reference.getRawPath().startsWith(base)
                || reference.getRawQuery() != null || reference.getRawFragment() != null) {
            return Optional.empty();
        }
        String rest = reference.getRawPath().substring(base.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        try {
            String swift = decode(rest.substring(0, slash));
            // a private file's reference names the private twin of its container
            String container = swift.endsWith(PRIVATE_SUFFIX) ? swift.substring(0, swift.length() - PRIVATE_SUFFIX.length()) : swift;
            Location at = new Location(container, decode(rest.substring(slash + 1)));
            swiftContainer(at.container(), Visibility.PUBLIC);
            Names.checkName(at.name());
            return Optional.of(at);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The inverse of {@link #encode} for one path segment or a path of them. */
    private static String decode(String raw) {
        return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * Deletes the objects with Swift's bulk delete (one request per {@value #BULK_DELETE_BATCH}
     * names) where the cluster offers it, else one DELETE each, {@value #DELETE_THREADS} at a time.
     */
    private void deleteAll(String swift, List<String> names) throws IOException {
        if (names.isEmpty()) {
            return;
        }
        if (names.size() > 1 && bulkDelete()) {
            for (int i = 0; i < names.size(); i += BULK_DELETE_BATCH) {
                bulkDelete(swift, names.subList(i, Math.min(names.size(), i + BULK_DELETE_BATCH)));
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(DELETE_THREADS, names.size()));
        try {
            List<Future<?>> deletes = new ArrayList<>();
            for (String n : names) {
                deletes.add(pool.submit(() -> {
                    deleteObject(swift, n);
                    return null;
                }));
            }
            for (Future<?> f : deletes) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while deleting from " + swift);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Whether the cluster's {@code /info} lists the {@code bulk_delete} middleware; asked once. */
    private boolean bulkDelete() throws IOException {
        Boolean known = bulkDelete;
        if (known == null) {
            String path = storageUrl.getPath();
            int v1 = path.lastIndexOf("/v1/");
            URI info = storageUrl.resolve((v1 < 0 ? "" : path.substring(0, v1)) + "/info");
            HttpResponse<String> response = session.send("GET " + info, HttpRequest.newBuilder(info)
                    .timeout(SMALL_REQUEST_TIMEOUT).GET(), BodyHandlers.ofString());
            known = response.statusCode() == 200 && Json.MAPPER.readTree(response.body()).has("bulk_delete");
            bulkDelete = known;
        }
        return known;
    }

    private void bulkDelete(String swift, List<String> names) throws IOException {
        StringBuilder body = new StringBuilder();
        for (String n : names) {
            body.append('/').append(encode(swift)).append('/').append(encodePath(n)).append('\n');
        }
        String what = "bulk delete of " + names.size() + " objects from " + swift;
        HttpResponse<String> response = session.send(what, HttpRequest.newBuilder(URI.create(storageUrl + "?bulk-delete"))
                        .header("Content-Type", "text/plain")
                        .header("Accept", "application/json")
                        .POST(BodyPublishers.ofString(body.toString())),
                BodyHandlers.ofString());
        expect(response, what, 200);
        // the middleware answers 200 at once and reports the outcome in the body
        JsonNode report = Json.MAPPER.readTree(response.body());
        String status = report.path("Response Status").asText();
        if (!status.startsWith("200") || report.path("Errors").size() > 0) {
            throw new IOException(what + ": " + status + " " + report.path("Errors"));
        }
    }

    private void deleteObject(String swift, String name) throws IOException {
        HttpResponse<String> response = session.send("DELETE " + swift + "/" + name,
                HttpRequest.newBuilder(objectUrl(swift, name)).timeout(SMALL_REQUEST_TIMEOUT).DELETE(),
                BodyHandlers.ofString());
        if (response.statusCode() != 404) {
            expect(response, "DELETE " + swift + "/" + name, 204);
        }
    }

    private boolean exists(String swift, String name) throws IOException {
        HttpResponse<Void> response = session.send("HEAD " + swift + "/" + name,
                HttpRequest.newBuilder(objectUrl(swift, name)).timeout(SMALL_REQUEST_TIMEOUT)
                        .method("HEAD", BodyPublishers.noBody()),
                BodyHandlers.discarding());
        if (response.statusCode() == 404) {
            return false;
        }
        expect(response, "HEAD " + swift + "/" + name, 200);
        return true;
    }

    /**
     * Creates the Swift container with the ACL of its visibility, once per store. (A plain PUT:
     * OpenStack4j 3.12 reports an error answer that is not JSON, such as Swift's HTML 503 page, as
     * status 0, so neither the retries nor the message could tell a 503 from a 403.)
     */
    private void ensureContainer(String swift, Visibility visibility) throws IOException {
        if (ready.contains(swift)) {
            return;
        }
        HttpRequest.Builder put = HttpRequest.newBuilder(containerUrl(swift)).timeout(SMALL_REQUEST_TIMEOUT)
                .PUT(BodyPublishers.noBody());
        if (visibility == Visibility.PUBLIC) {
            put.header("X-Container-Read", PUBLIC_READ);
        } else {
            // a private container keeps no read ACL, whoever set one
            put.header("X-Remove-Container-Read", "x");
        }
        expect(session.send("PUT container " + swift, put, BodyHandlers.ofString()), "PUT container " + swift, 201);
        ready.add(swift);
    }

    /** The Swift container for the store's container and a visibility. */
    private static String swiftContainer(String container, Visibility visibility) {
        Names.checkContainer(container);
        if (container.endsWith(PRIVATE_SUFFIX)) {
            throw new IllegalArgumentException("invalid container name '" + container + "': names ending in "
                    + PRIVATE_SUFFIX + " hold the private files of another container");
        }
        return visibility == Visibility.PUBLIC ? container : container + PRIVATE_SUFFIX;
    }

    private static Visibility other(Visibility v) {
        return v == Visibility.PUBLIC ? Visibility.PRIVATE : Visibility.PUBLIC;
    }

    private URI containerUrl(String swift) {
        return URI.create(storageUrl + "/" + encode(swift));
    }

    private URI objectUrl(String swift, String name) {
        return URI.create(storageUrl + "/" + encode(swift) + "/" + encodePath(name));
    }

    private static void expect(HttpResponse<?> response, String what, int status) throws IOException {
        if (response.statusCode() != status && !(status == 201 && response.statusCode() == 202)) {
            Object body = response.body();
            throw new IOException(what + ": HTTP " + response.statusCode()
                    + (body instanceof String s && !s.isBlank() ? " " + s.strip() : ""));
        }
    }

    private static String encodePath(String name) {
        List<String> parts = new ArrayList<>();
        for (String segment : name.split("/", -1)) {
            parts.add(encode(segment));
        }
        return String.join("/", parts);
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters. */
    private static String encode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
