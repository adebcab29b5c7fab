package io.jenkins.plugins.lander.steps.testbed.nova;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.lander.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * A replay of the parts of Keystone v3 and the Compute API v2.1 the Nova testbed uses, on
 * loopback, whose "boot" starts a real ssh testbed (sshd on its own loopback address, via the
 * test resource {@code testbed/ssh-testbed}) and whose "delete" stops it. Shapes, from the
 * OpenStack API references:
 * <ul>
 *   <li>{@code POST /v3/auth/tokens}: 201, {@code X-Subject-Token}, {@code {"token":{methods, user,
 *       project, roles, catalog, expires_at, issued_at}}} (identity v3 api-ref, "Password
 *       authentication with scoped authorization");
 *   <li>{@code POST /v2.1/os-keypairs} {@code {"keypair":{"name","public_key"}}}: 200 with the key
 *       pair and its fingerprint; {@code DELETE /v2.1/os-keypairs/NAME}: 202 (compute api-ref,
 *       "Keypairs (keypairs)");
 *   <li>{@code POST /v2.1/servers}: 202 {@code {"server":{"id","links","OS-DCF:diskConfig",
 *       "security_groups","adminPass"}}}, refused 400 {@code {"badRequest":{"code","message"}}}
 *       when {@code user_data} is not base64 or the key pair is unknown; {@code GET
 *       /v2.1/servers/ID}: {@code status} BUILD then ACTIVE, {@code addresses} {@code
 *       {"private":[{"addr","version":4,"OS-EXT-IPS:type":"fixed"}]}}, {@code metadata}; 404
 *       {@code {"itemNotFound":{"code":404,"message"}}} once deleted; {@code GET
 *       /v2.1/servers/detail}; {@code DELETE /v2.1/servers/ID}: 204; {@code POST
 *       /v2.1/servers/ID/action} {@code {"os-getConsoleOutput":{"length":N}}}: 200 {@code
 *       {"output"}} (compute api-ref, "Servers (servers)", "Servers - run an action").
 * </ul>
 * Sources: identity v3 api-ref, https://docs.openstack.org/api-ref/identity/v3/#password-authentication-with-scoped-authorization;
 * compute api-ref, https://docs.openstack.org/api-ref/compute/#create-or-import-keypair,
 * #delete-keypair, #create-server, #show-server-details, #list-servers-detailed, #delete-server,
 * #show-console-output-os-getconsoleoutput-action and its "Faults" section (badRequest,
 * itemNotFound); and, for the same shapes as a client reads them, OpenStack4j's recorded
 * fixtures in {@code core-test/src/main/resources/}: {@code compute/server_console_output.json}
 * and {@code identity/v3/authv3_token.json} (../shared/reference/cloud-services.md §1, §3.4).
 */
final class ComputeReplay implements AutoCloseable {
    /** One server as Nova shows it, with the testbed behind it. */
    static final class Server {
        final String id;
        final String name;
        final String keyName;
        final String image;
        final String flavor;
        final String userData;
        final Map<String, String> metadata;
        final String address;
        final Path testbed;
        int shows;
        boolean deleted;

        Server(String id, String name, String keyName, String image, String flavor, String userData,
                Map<String, String> metadata, String address, Path testbed) {
            this.id = id;
            this.name = name;
            this.keyName = keyName;
            this.image = image;
            this.flavor = flavor;
            this.userData = userData;
            this.metadata = metadata;
            this.address = address;
            this.testbed = testbed;
        }
    }

    private final HttpServer http;
    private final Path template;
    private final Path work;
    private final Path script;
    private final Map<String, String> keypairs = new LinkedHashMap<>();
    private final Map<String, Server> servers = new LinkedHashMap<>();
    private final List<String> requests = new ArrayList<>();
    private int nextAddress = 2;

    /** @param template the prepared ssh testbed the servers are overlays of */
    ComputeReplay(Path template, Path work, Path script) throws IOException {
        this.template = template;
        this.work = work;
        this.script = script;
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", this::handle);
        http.setExecutor(Executors.newFixedThreadPool(2));
        http.start();
    }

    URI keystone() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/v3");
    }

    synchronized List<Server> servers() {
        return new ArrayList<>(servers.values());
    }

    synchronized Map<String, String> keypairs() {
        return new LinkedHashMap<>(keypairs);
    }

    synchronized List<String> requests() {
        return new ArrayList<>(requests);
    }

    /** A server booted earlier by another Lander (no testbed behind it), for the reaping. */
    synchronized String seed(String name, Map<String, String> metadata) {
        String id = UUID.randomUUID().toString();
        servers.put(id, new Server(id, name, null, "img", "1", "", metadata, "192.0.2.1", null));
        return id;
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        requests.add(method + " " + path);
        byte[] body = ex.getRequestBody().readAllBytes();
        try {
            if (method.equals("POST") && path.equals("/v3/auth/tokens")) {
                ex.getResponseHeaders().add("X-Subject-Token", "replayed-token");
                send(ex, 201, token());
            } else if (!"replayed-token".equals(ex.getRequestHeaders().getFirst("X-Auth-Token"))) {
                send(ex, 401, error("unauthorized", 401, "The request you have made requires authentication."));
            } else if (method.equals("POST") && path.equals("/v2.1/os-keypairs")) {
                JsonNode k = Json.MAPPER.readTree(body).path("keypair");
                keypairs.put(k.path("name").asText(), k.path("public_key").asText());
                ObjectNode r = Json.MAPPER.createObjectNode();
                r.putObject("keypair").put("name", k.path("name").asText()).put("public_key", k.path("public_key").asText())
                        .put("fingerprint", "replayed").put("user_id", "u1");
                send(ex, 200, r);
            } else if (method.equals("DELETE") && path.startsWith("/v2.1/os-keypairs/")) {
                boolean known = keypairs.remove(path.substring("/v2.1/os-keypairs/".length())) != null;
                send(ex, known ? 202 : 404, known ? null : error("itemNotFound", 404, "Keypair not found"));
            } else if (method.equals("POST") && path.equals("/v2.1/servers")) {
                boot(ex, Json.MAPPER.readTree(body).path("server"));
            } else if (method.equals("GET") && path.equals("/v2.1/servers/detail")) {
                ObjectNode r = Json.MAPPER.createObjectNode();
                ArrayNode list = r.putArray("servers");
                servers.values().stream().filter(s -> !s.deleted).forEach(s -> list.add(show(s)));
                send(ex, 200, r);
            } else if (path.startsWith("/v2.1/servers/")) {
                String[] parts = path.substring("/v2.1/servers/".length()).split("/");
                Server s = servers.get(parts[0]);
                if (s == null || s.deleted) {
                    send(ex, 404, error("itemNotFound", 404, "Instance " + parts[0] + " could not be found."));
                } else if (method.equals("GET") && parts.length == 1) {
                    s.shows++;
                    ObjectNode r = Json.MAPPER.createObjectNode();
                    r.set("server", show(s));
                    send(ex, 200, r);
                } else if (method.equals("DELETE") && parts.length == 1) {
                    s.deleted = true;
                    if (s.testbed != null) {
                        run("stop", s.testbed.toString());
                    }
                    send(ex, 204, null);
                } else if (method.equals("POST") && parts.length == 2 && parts[1].equals("action")) {
                    ObjectNode r = Json.MAPPER.createObjectNode();
                    r.put("output", "replayed console of " + s.name + "\n");
                    send(ex, 200, r);
                } else {
                    send(ex, 404, error("itemNotFound", 404, "not replayed: " + method + " " + path));
                }
            } else {
                send(ex, 404, error("itemNotFound", 404, "not replayed: " + method + " " + path));
            }
        } catch (Exception e) {
            send(ex, 500, error("computeFault", 500, e.toString()));
        }
    }

    private void boot(HttpExchange ex, JsonNode s) throws Exception {
        String userData;
        try {
            userData = new String(Base64.getDecoder().decode(s.path("user_data").asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            send(ex, 400, error("badRequest", 400, "User data needs to be valid base 64."));
            return;
        }
        String key = keypairs.get(s.path("key_name").asText());
        if (key == null) {
            send(ex, 400, error("badRequest", 400, "Invalid key_name provided."));
            return;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        s.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        String id = UUID.randomUUID().toString();
        String address = "127.0.0." + nextAddress++;
        Path dir = work.resolve(id);
        Path publicKey = work.resolve(id + ".pub");
        Files.writeString(publicKey, key + "\n");
        run("start", template.toString(), dir.toString(), address, publicKey.toString());
        servers.put(id, new Server(id, s.path("name").asText(), s.path("key_name").asText(), s.path("imageRef").asText(),
                s.path("flavorRef").asText(), userData, metadata, address, dir));
        ObjectNode r = Json.MAPPER.createObjectNode();
        ObjectNode server = r.putObject("server").put("id", id).put("OS-DCF:diskConfig", "MANUAL").put("adminPass", "replayed");
        server.putArray("links").addObject().put("rel", "self").put("href", "http://127.0.0.1/v2.1/servers/" + id);
        server.putArray("security_groups").addObject().put("name", "default");
        send(ex, 202, r);
    }

    private ObjectNode show(Server s) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", s.id).put("name", s.name).put("status", s.shows <= 1 && s.testbed != null ? "BUILD" : "ACTIVE")
                .put("key_name", s.keyName).put("tenant_id", "p1").put("user_id", "u1")
                .put("created", "2026-12-02T00:00:00Z").put("updated", "2026-12-02T00:00:00Z");
        n.putObject("image").put("id", s.image);
        n.putObject("flavor").put("id", s.flavor);
        n.putObject("addresses").putArray("private").addObject().put("addr", s.address).put("version", 4)
                .put("OS-EXT-IPS:type", "fixed");
        ObjectNode meta = n.putObject("metadata");
        s.metadata.forEach(meta::put);
        return n;
    }

    private ObjectNode token() {
        ObjectNode r = Json.MAPPER.createObjectNode();
        ObjectNode t = r.putObject("token");
        t.putArray("methods").add("password");
        t.put("expires_at", "2099-01-01T00:00:00.000000Z").put("issued_at", "2026-12-02T00:00:00.000000Z");
        ObjectNode user = t.putObject("user").put("id", "u1").put("name", "admin");
        user.putObject("domain").put("id", "default").put("name", "Default");
        ObjectNode project = t.putObject("project").put("id", "p1").put("name", "admin");
        project.putObject("domain").put("id", "default").put("name", "Default");
        t.putArray("roles").addObject().put("id", "r1").put("name", "admin");
        ArrayNode catalog = t.putArray("catalog");
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        ObjectNode compute = catalog.addObject().put("id", "c1").put("type", "compute").put("name", "nova");
        compute.putArray("endpoints").addObject().put("id", "e1").put("interface", "public").put("region", "RegionOne")
                .put("region_id", "RegionOne").put("url", base + "/v2.1");
        ObjectNode identity = catalog.addObject().put("id", "c2").put("type", "identity").put("name", "keystone");
        identity.putArray("endpoints").addObject().put("id", "e2").put("interface", "public").put("region", "RegionOne")
                .put("region_id", "RegionOne").put("url", base + "/v3");
        return r;
    }

    private static ObjectNode error(String kind, int code, String message) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.putObject(kind).put("code", code).put("message", message);
        return r;
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(body);
        if (body != null) {
            ex.getResponseHeaders().add("Content-Type", "application/json");
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    void run(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(script.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("ssh-testbed " + String.join(" ", args) + " failed: " + out);
        }
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        http.stop(0);
        for (Server s : servers.values()) {
            if (!s.deleted && s.testbed != null) {
                run("stop", s.testbed.toString());
            }
        }
    }
}
