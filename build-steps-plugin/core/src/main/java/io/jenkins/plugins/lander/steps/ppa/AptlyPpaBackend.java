package io.jenkins.plugins.lander.steps.ppa;

import io.jenkins.plugins.lander.steps.repo.Aptly;
import io.jenkins.plugins.lander.steps.repo.Queries;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.function.Consumer;

/**
 * PPAs as aptly local repositories, one per PPA, each published under its own prefix (the
 * PPA's name) with distribution = series, and served over HTTP on the loopback interface.
 */
public final class AptlyPpaBackend implements PpaBackend {
    private final Aptly aptly;
    private final URI base;
    private final String hostArchitecture;

    /** @param base the URL the published tree is served at */
    public AptlyPpaBackend(Aptly aptly, URI base, String hostArchitecture) {
        this.aptly = aptly;
        this.base = base;
        this.hostArchitecture = hostArchitecture;
    }

    @Override
    public void create(String name, String series, Consumer<String> out) throws Exception {
        aptly.ensureRepo(name, out);
        aptly.ensurePublished(name, name, series, out);
    }

    @Override
    public void clean(String name, Consumer<String> out) throws Exception {
        if (!aptly.repoExists(name)) {
            return;
        }
        aptly.removeAll(name, out);
        aptly.republish(name, out);
    }

    @Override
    public String url(String name) {
        return base + "/" + name;
    }

    @Override
    public void include(String name, List<Path> files, Consumer<String> out) throws Exception {
        aptly.add(name, files, out);
        aptly.republish(name, out);
    }

    @Override
    public List<String> packagesOf(String name, String source, String version, Consumer<String> out) throws Exception {
        return aptly.search(name, Queries.builtFrom(source, version), out);
    }

    @Override
    public List<Path> debsOf(String name, String source, String version, Consumer<String> out) throws Exception {
        Set<String> wanted = packagesOf(name, source, version, out).stream()
                .filter(key -> !key.endsWith("_source"))
                .map(key -> key.replaceFirst("_[0-9]+:", "_") + ".deb")
                .collect(Collectors.toSet());
        Path pool = aptly.publicDir().resolve(name).resolve("pool");
        if (wanted.isEmpty() || !Files.isDirectory(pool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(pool)) {
            return files.filter(f -> wanted.contains(f.getFileName().toString())).sorted().toList();
        }
    }

    @Override
    public String contentDigest(String name, String series) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String index : List.of("main/binary-" + hostArchitecture + "/Packages", "main/binary-all/Packages",
                "main/source/Sources")) {
            sha.update(aptly.publishedFile(name, "dists/" + series + "/" + index));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
