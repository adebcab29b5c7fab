package io.jenkins.plugins.lander.steps.ppa;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Where the pool's PPAs really live: aptly here, Launchpad in the cloud backend. */
public interface PpaBackend {
    /** Makes sure the PPA exists and is published for {@code series}; a no-op when it already is. */
    void create(String name, String series, Consumer<String> out) throws Exception;

    /** Deletes every package of the PPA and republishes it empty. Idempotent. */
    void clean(String name, Consumer<String> out) throws Exception;

    /** The {@code deb …} line an apt client (a testbed included) uses to install from the PPA. */
    default String aptLine(String name, String series) {
        // unsigned: the PPAs are published with -skip-signing and reached only by the Lander's own clients
        return "deb [trusted=yes] " + url(name) + " " + series + " main";
    }

    /** The PPA's base URL. */
    String url(String name);

    /** Adds source ({@code .dsc}) and binary ({@code .deb}) files to the PPA and republishes it. */
    void include(String name, List<Path> files, Consumer<String> out) throws Exception;

    /** {@code name_version_arch} of the packages built from {@code source} {@code version}, the source included. */
    List<String> packagesOf(String name, String source, String version, Consumer<String> out) throws Exception;

    /** The PPA's {@code .deb} files built from {@code source} {@code version}, on this machine. */
    List<Path> debsOf(String name, String source, String version, Consumer<String> out) throws Exception;

    /** A digest of what the PPA publishes for {@code series}: equal digests, equal content. */
    String contentDigest(String name, String series) throws Exception;
}
