package io.jenkins.plugins.lander.steps.launchpad;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.FileTrees;
import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ProcessRunner.Command;
import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.jenkins.plugins.lander.steps.build.SourceBuilder;

/**
 * Builds an upload on Launchpad: a {@code _source.changes} for the series, signed with debsign by
 * the configured key, uploaded with {@code dput ppa:OWNER/NAME} (dput-ng, with a dput.cf this
 * backend writes), then watched through the web service: the publication ({@code
 * getPublishedSources}), its builds ({@code getBuilds}, {@code buildstate} titles mapped by
 * {@link BuildState}) and the source's build summary, which must say {@code FULLYBUILT}, not
 * {@code FULLYBUILT_PENDING} (built, binaries not yet published), before the build counts.
 *
 * <p>Shapes: {@code xx-builds.rst} and {@code xx-source-package-publishing.rst} (build entries,
 * getBuilds, getBuildSummariesForSourceIds) in Launchpad's tree.
 */
public final class LaunchpadSourceBuilder implements SourceBuilder {
    /** The most of an upload log the ticket and the mail carry. */
    static final int UPLOAD_LOG_LIMIT = 64 * 1024;

    private final LaunchpadClient lp;
    private final LaunchpadConfig config;
    private final LaunchpadPpaBackend ppas;
    private final ProcessRunner runner;
    private final Pacer pacer;
    private final String dputCodenames;

    /** @param dputCodenames dput-ng's {@code codenames} check of the series (distro-info {@code ubuntu}), or empty for none */
    public LaunchpadSourceBuilder(LaunchpadClient lp, LaunchpadConfig config, LaunchpadPpaBackend ppas,
            ProcessRunner runner, Pacer pacer, String dputCodenames) {
        this.lp = lp;
        this.config = config;
        this.ppas = ppas;
        this.runner = runner;
        this.pacer = pacer;
        this.dputCodenames = dputCodenames;
    }

    @Override
    public BuildResult build(Ppa ppa, SourceUpload upload, String series, Set<String> ignoredArchitectures,
            StepConsole console, boolean resuming) throws Exception {
        String key = upload.key();
        if (ppas.sources(ppa.name(), upload.source(), upload.version()).isEmpty()) {
            console.state("WAITING", key + ": uploading to " + ppa.name());
            Path changes = signedChanges(upload, series, console);
            dput(ppa, changes, console);
        } else {
            console.out().println(key + " is already in " + ppa.name() + (resuming ? " (uploaded before the crash)" : ""));
        }
        JsonNode spph = awaitPublication(ppa, upload, console);
        console.state("STATUS", key + ": accepted into " + ppa.name() + ", building");
        List<JsonNode> builds = awaitBuilds(spph, ignoredArchitectures, console);
        List<ArchivedFile> files = new ArrayList<>();
        Path logs = console.workDir().resolve("launchpad").resolve(key);
        Files.createDirectories(logs);
        List<String> failures = new ArrayList<>();
        String state = BuildResult.COMPLETED;
        StringBuilder uploadLog = new StringBuilder();
        for (JsonNode b : builds) {
            String arch = b.path("arch_tag").asText();
            BuildState s = BuildState.ofTitle(b.path("buildstate").asText());
            fetchText(b.path("build_log_url"), logs.resolve("build_" + arch + ".log"), Long.MAX_VALUE)
                    .ifPresent(f -> files.add(new ArchivedFile(key + "/build_" + arch + ".log", ArtifactType.LOGS, f.toString())));
            if (s == BuildState.FULLYBUILT) {
                continue;
            }
            state = worse(state, s.outcome().orElseThrow());
            failures.add(arch + ": " + describe(b, s));
            if (s == BuildState.FAILEDTOUPLOAD) {
                Path log = logs.resolve("upload_" + arch + ".log");
                String text = fetchText(b.path("upload_log_url"), log, UPLOAD_LOG_LIMIT).map(LaunchpadSourceBuilder::read)
                        .orElse("Launchpad gives no upload log for this build (upload_log_url is null); see " + b.path("web_link").asText());
                files.add(new ArchivedFile(key + "/upload_" + arch + ".log", ArtifactType.LOGS, log.toString()));
                if (!Files.exists(log)) {
                    Files.writeString(log, text);
                }
                uploadLog.append(arch).append(":\n").append(text).append(text.endsWith("\n") ? "" : "\n");
            }
        }
        if (!failures.isEmpty()) {
            String reason = String.join("; ", failures);
            console.state("FAILED", key + ": " + reason);
            return new BuildResult(upload.source(), upload.version(), state, reason, List.of(), files,
                    uploadLog.isEmpty() ? null : uploadLog.toString());
        }
        awaitFullyBuilt(ppa, spph, key, console);
        List<String> binaries = ppas.packagesOf(ppa.name(), upload.source(), upload.version(), console.out()::println);
        console.state("COMPLETED", key + ": built on Launchpad (" + builds.size() + " builds), " + binaries.size() + " packages");
        return new BuildResult(upload.source(), upload.version(), BuildResult.COMPLETED, null, binaries, files);
    }

    /** A dependency wait is less final than a failure: the ticket's result is the worst of its builds. */
    private static String worse(String current, String next) {
        if (BuildResult.FAILED.equals(current) || BuildResult.FAILED.equals(next)) {
            return BuildResult.FAILED;
        }
        return next;
    }

    private static String describe(JsonNode build, BuildState s) {
        String title = build.path("title").asText();
        return switch (s) {
            case MANUALDEPWAIT -> s.title() + " (" + text(build.path("dependencies"), "no dependency named") + ") in " + title;
            case FAILEDTOUPLOAD -> s.title() + " in " + title + ": the build succeeded but its binaries were not accepted"
                    + " into the PPA; upload log: " + text(build.path("upload_log_url"), "none");
            case SUPERSEDED -> s.title() + ": a newer upload of the source replaced it (" + title + ")";
            case CHROOTWAIT -> s.title() + ": the builder's chroot is broken, not the package (" + title + ")";
            default -> s.title() + " in " + title + "; build log: " + text(build.path("build_log_url"), "none");
        };
    }

    private static String text(JsonNode n, String absent) {
        return n == null || n.isNull() || n.isMissingNode() || n.asText().isBlank() ? absent : n.asText();
    }

    /**
     * A {@code _source.changes} of the upload for the series, in the step's work directory (the
     * staged upload is left as it was checked), clear-signed with the configured key.
     */
    Path signedChanges(SourceUpload upload, String series, StepConsole console) throws Exception {
        Path dir = console.workDir().resolve("launchpad-upload").resolve(upload.key());
        FileTrees.delete(dir);
        Files.createDirectories(dir);
        for (var f : upload.files()) {
            if (!f.name().endsWith(".changes")) {
                Files.copy(f.path(), dir.resolve(f.name()));
            }
        }
        Path dsc = dir.resolve(upload.dsc().getFileName());
        Path tree = dir.resolve("tree");
        run(Command.of("dpkg-source", "-q", "--no-check", "-x", dsc.toString(), tree.toString()), console);
        Path changes = dir.resolve(upload.key() + "_source.changes");
        run(Command.of("dpkg-genchanges", "-q", "-S", "-sa", "-DDistribution=" + series, "-O" + changes).in(tree), console);
        FileTrees.delete(tree);
        run(Command.of("debsign", "--re-sign", "-k" + config.signingKey(), changes.toString()).withEnvironment(gpgEnvironment()), console);
        return changes;
    }

    private void dput(Ppa ppa, Path changes, StepConsole console) throws Exception {
        Path cf = changes.resolveSibling("dput.cf");
        Files.writeString(cf, "[ppa]\nfqdn = " + config.uploadHost() + "\nmethod = ftp\nincoming = ~%(ppa)s\n"
                + "login = anonymous\ncodenames = " + dputCodenames + "\n");
        String target = "ppa:" + config.owner() + "/" + ("ubuntu".equals(config.distribution()) ? "" : config.distribution() + "/")
                + ppa.name();
        console.out().println("dput " + target + " " + changes.getFileName());
        run(Command.of("dput", "-c", cf.toString(), "-U", target, changes.toString()).in(changes.getParent())
                .withEnvironment(gpgEnvironment()), console);
    }

    private Map<String, String> gpgEnvironment() {
        Map<String, String> env = new HashMap<>();
        if (config.gnupgHome() != null) {
            env.put("GNUPGHOME", config.gnupgHome().toString());
        }
        return env;
    }

    private void run(Command command, StepConsole console) throws Exception {
        List<String> out = new ArrayList<>();
        ProcessRunner.Result r = runner.run(command, line -> {
            out.add(line);
            console.out().println(line);
        });
        if (!r.ok()) {
            throw new IOException(command.argv().get(0) + " failed (exit " + r.exitCode() + "): "
                    + String.join(" | ", r.tail()));
        }
    }

    /** Launchpad accepts an upload later, and says no only by mail: look until its publication shows. */
    private JsonNode awaitPublication(Ppa ppa, SourceUpload upload, StepConsole console) throws Exception {
        for (int look = 1; ; look++) {
            List<JsonNode> found = ppas.sources(ppa.name(), upload.source(), upload.version());
            if (!found.isEmpty()) {
                return found.get(0);
            }
            if (look > config.patience()) {
                throw new IOException(upload.key() + " did not appear in " + ppa.name() + " after " + config.patience()
                        + " looks: Launchpad may have rejected the upload (it says why by mail to the signer)");
            }
            console.progress(look, config.patience(), "waiting for Launchpad to accept " + upload.key());
            pacer.pause();
        }
    }

    private List<JsonNode> awaitBuilds(JsonNode spph, Set<String> ignored, StepConsole console) throws Exception {
        Map<String, String> seen = new LinkedHashMap<>();
        for (int look = 1; ; look++) {
            List<JsonNode> builds = lp.collection(spph.path("self_link").asText(), Map.of("ws.op", "getBuilds")).stream()
                    .filter(b -> !ignored.contains(b.path("arch_tag").asText()))
                    .toList();
            long done = 0;
            for (JsonNode b : builds) {
                String arch = b.path("arch_tag").asText();
                String title = b.path("buildstate").asText();
                if (!title.equals(seen.put(arch, title))) {
                    console.out().println(b.path("title").asText() + ": " + title);
                }
                if (BuildState.ofTitle(title).finished()) {
                    done++;
                }
            }
            if (!builds.isEmpty() && done == builds.size()) {
                return builds;
            }
            if (look > config.patience()) {
                throw new IOException("the builds of " + spph.path("display_name").asText() + " did not finish after "
                        + config.patience() + " looks: " + seen);
            }
            console.progress((int) done, Math.max(builds.size(), 1), "builds finished");
            pacer.pause();
        }
    }

    /** Built is not yet published: {@code FULLYBUILT_PENDING} until the binaries are in the PPA. */
    private void awaitFullyBuilt(Ppa ppa, JsonNode spph, String key, StepConsole console) throws Exception {
        String id = spph.path("self_link").asText().replaceFirst(".*/", "");
        for (int look = 1; ; look++) {
            JsonNode summary = lp.get(ppas.selfLink(ppa.name()), Map.of("ws.op", "getBuildSummariesForSourceIds",
                    "source_ids", "[" + id + "]")).orElseThrow(() -> new IOException(ppa.name() + " is gone"));
            String status = summary.path(id).path("status").asText();
            if ("FULLYBUILT".equals(status)) {
                return;
            }
            if (look > config.patience()) {
                throw new IOException(key + " is built but its binaries are still not published in " + ppa.name()
                        + " after " + config.patience() + " looks (" + status + ")");
            }
            console.out().println(key + ": " + status + ", waiting for the binaries to be published");
            pacer.pause();
        }
    }

    private java.util.Optional<Path> fetchText(JsonNode url, Path target, long limit) throws Exception {
        if (url == null || url.isNull() || url.isMissingNode() || url.asText().isBlank()) {
            return java.util.Optional.empty();
        }
        ppas.download(java.net.URI.create(url.asText()), target);
        if (Files.size(target) > limit) {
            byte[] all = Files.readAllBytes(target);
            byte[] tail = java.util.Arrays.copyOfRange(all, all.length - (int) limit, all.length);
            Files.write(target, tail);
        }
        return java.util.Optional.of(target);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "the upload log could not be read: " + e.getMessage();
        }
    }
}
