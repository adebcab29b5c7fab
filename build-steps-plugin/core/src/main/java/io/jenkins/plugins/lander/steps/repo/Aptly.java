package io.jenkins.plugins.lander.steps.repo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ProcessRunner.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The aptly command line on a private configuration: its database and published tree live under
 * one directory of the data dir, so the Lander never touches a user's {@code ~/.aptly}. Every
 * call holds a lock, because aptly's database refuses a second concurrent writer.
 *
 * <p>Repositories are published unsigned ({@code -skip-signing}); clients use them with
 * {@code [trusted=yes]}, as they only ever reach them on the loopback interface.
 */
public final class Aptly {
    /** Matches every package: aptly's query language has no "all" keyword. */
    public static final String ALL_PACKAGES = "$Architecture (source) | !$Architecture (source)";

    private final Path root;
    private final Path config;
    private final ProcessRunner runner;
    private final String architectures;
    private final StateFile lock;

    /** @param hostArchitecture the architecture built here; published indexes cover it, all and source */
    public Aptly(Path root, ProcessRunner runner, String hostArchitecture) throws IOException {
        this.root = root.toAbsolutePath();
        this.config = this.root.resolve("aptly.conf");
        this.runner = runner;
        this.architectures = hostArchitecture + ",all,source";
        this.lock = new StateFile(this.root.resolve("aptly.db-owner"));
        writeConfig();
    }

    private void writeConfig() throws IOException {
        Files.createDirectories(root);
        ObjectNode conf = Json.MAPPER.createObjectNode();
        conf.put("rootDir", root.resolve("db").toString());
        conf.put("gpgDisableSign", true);
        conf.put("gpgDisableVerify", true);
        conf.put("downloadConcurrency", 2);
        byte[] content = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(conf);
        if (!Files.exists(config) || !java.util.Arrays.equals(Files.readAllBytes(config), content)) {
            new StateFile(config).write(content);
        }
    }

    /** The directory aptly publishes into; serve it to make the repositories reachable. */
    public Path publicDir() {
        return root.resolve("db").resolve("public");
    }

    public void ensureRepo(String repo, Consumer<String> out) throws Exception {
        ensureRepo(repo, "main", out);
    }

    /** Creates the local repository with {@code component} as its default component, unless it exists. */
    public void ensureRepo(String repo, String component, Consumer<String> out) throws Exception {
        locked(() -> {
            if (!run(out, List.of("repo", "show", repo), true).ok()) {
                run(out, List.of("repo", "create", "-component=" + component, repo), false);
            }
            return null;
        });
    }

    /** Publishes {@code repo} as component {@code main} of {@code prefix/dists/series} unless it already is. */
    public void ensurePublished(String repo, String prefix, String series, Consumer<String> out) throws Exception {
        ensurePublished(new java.util.TreeMap<>(java.util.Map.of("main", repo)), prefix, series, out);
    }

    /**
     * Publishes each component's repository together as {@code prefix/dists/series}
     * ({@code main} from one repository, {@code debug} from another), unless it already is; a
     * publication that lacks one of the components (made before it existed) is dropped and
     * published again with all of them.
     */
    public void ensurePublished(java.util.SortedMap<String, String> repoOfComponent, String prefix, String series,
            Consumer<String> out) throws Exception {
        locked(() -> {
            if (publishedDistributions(prefix, out).contains(series)) {
                Set<String> have = publishedComponents(prefix, series, out);
                if (have.containsAll(repoOfComponent.keySet())) {
                    return null;
                }
                out.accept("aptly: " + prefix + "/" + series + " has components " + have + ", not "
                        + repoOfComponent.keySet() + ": publishing it again with all of them");
                run(out, List.of("publish", "drop", series, prefix), false);
            }
            List<String> args = new ArrayList<>(List.of("publish", "repo", "-skip-signing", "-distribution=" + series,
                    "-architectures=" + architectures, "-component=" + String.join(",", repoOfComponent.keySet())));
            args.addAll(repoOfComponent.values());
            args.add(prefix);
            run(out, args, false);
            return null;
        });
    }

    /** The components of a publication, from {@code aptly publish show}'s {@code Sources:} list. */
    private Set<String> publishedComponents(String prefix, String series, Consumer<String> out) throws Exception {
        Set<String> found = new TreeSet<>();
        boolean inSources = false;
        for (String line : capture(out, List.of("publish", "show", series, prefix))) {
            if (line.startsWith("Sources:")) {
                inSources = true;
            } else if (inSources && line.startsWith("  ") && line.contains(":")) {
                found.add(line.strip().substring(0, line.strip().indexOf(':')));
            } else {
                inSources = false;
            }
        }
        return found;
    }

    private Set<String> publishedDistributions(String prefix, Consumer<String> out) throws Exception {
        Set<String> found = new TreeSet<>();
        for (String line : capture(out, List.of("publish", "list", "-raw"))) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(prefix)) {
                found.add(parts[1]);
            }
        }
        return found;
    }

    /** Adds {@code .dsc} and {@code .deb} files (the files stay where they are). */
    public void add(String repo, List<Path> files, Consumer<String> out) throws Exception {
        List<String> args = new ArrayList<>(List.of("repo", "add", repo));
        files.forEach(f -> args.add(f.toAbsolutePath().toString()));
        locked(() -> run(out, args, false));
    }

    /** Package keys ({@code name_version_arch}, {@code arch} = {@code source} for sources) matching the query. */
    public List<String> search(String repo, String query, Consumer<String> out) throws Exception {
        return locked(() -> {
            List<String> lines = new ArrayList<>();
            ProcessRunner.Result r = runner.run(command(List.of("repo", "search", repo, query)), lines::add);
            if (!r.ok()) {
                if (lines.stream().anyMatch(l -> l.contains("no results"))) {
                    return List.of();
                }
                lines.forEach(out);
                throw new IOException("aptly repo search " + repo + " failed (exit " + r.exitCode() + ")");
            }
            return lines.stream().map(String::trim).filter(l -> l.split("_").length == 3).sorted().toList();
        });
    }

    public void copy(String from, String to, String query, Consumer<String> out) throws Exception {
        locked(() -> run(out, List.of("repo", "copy", from, to, query), false));
    }

    /** Removes every package of the repository and drops the files nothing references any more. */
    public void removeAll(String repo, Consumer<String> out) throws Exception {
        locked(() -> {
            run(out, List.of("repo", "remove", repo, ALL_PACKAGES), false);
            return run(out, List.of("db", "cleanup"), false);
        });
    }

    /** Regenerates every published distribution of {@code prefix} from its repository. */
    public void republish(String prefix, Consumer<String> out) throws Exception {
        locked(() -> {
            for (String series : publishedDistributions(prefix, out)) {
                run(out, List.of("publish", "update", "-skip-signing", series, prefix), false);
            }
            return null;
        });
    }

    public boolean repoExists(String repo) throws Exception {
        return locked(() -> runner.run(command(List.of("repo", "show", repo)), l -> {}).ok());
    }

    private <T> T locked(StateFile.Body<T> body) throws Exception {
        return lock.locked(body);
    }

    private ProcessRunner.Result run(Consumer<String> out, List<String> args, boolean mayFail) throws Exception {
        ProcessRunner.Result r = runner.run(command(args), out);
        if (!r.ok() && !mayFail) {
            throw new IOException("aptly " + String.join(" ", args) + " failed (exit " + r.exitCode() + "): "
                    + String.join(" | ", r.tail()));
        }
        return r;
    }

    private List<String> capture(Consumer<String> out, List<String> args) throws Exception {
        List<String> lines = new ArrayList<>();
        ProcessRunner.Result r = runner.run(command(args), lines::add);
        if (!r.ok()) {
            lines.forEach(out);
            throw new IOException("aptly " + String.join(" ", args) + " failed (exit " + r.exitCode() + ")");
        }
        return lines;
    }

    private Command command(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("aptly", "-config=" + config));
        argv.addAll(args);
        return Command.of(argv);
    }

    /** Reads a published index file, for digests of a repository's content. */
    public byte[] publishedFile(String prefix, String relative) throws IOException {
        Path file = publicDir().resolve(prefix).resolve(relative);
        return Files.exists(file) ? Files.readAllBytes(file) : "".getBytes(StandardCharsets.UTF_8);
    }
}
