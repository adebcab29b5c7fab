package io.jenkins.plugins.lander.steps.repo;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The apt sources every build chroot and testbed of a series gets besides the ticket's PPA: the
 * Debian mirror's {@code SERIES main}, its {@code SERIES-updates}, the security archive's
 * {@code SERIES-security} (each configurable, on by default), and the Lander's own archive of the
 * series, so a package builds and tests against what earlier tickets landed.
 *
 * @param mirror the Debian mirror ({@code http://deb.debian.org/debian})
 * @param updates whether {@code SERIES-updates} of the mirror is a source
 * @param securityMirror the security archive ({@code http://deb.debian.org/debian-security}), or null for none
 * @param archive the URL the Lander's archive is served at, or null for none
 */
public record AptSources(String mirror, boolean updates, String securityMirror, URI archive) {
    /** {@code deb MIRROR SERIES main} and the Debian suites configured next to it. */
    public List<String> debian(String series) {
        List<String> lines = new ArrayList<>();
        lines.add("deb " + mirror + " " + series + " main");
        lines.addAll(debianUpdates(series));
        return lines;
    }

    /** Every source but the PPA, in the order a {@code sources.list} lists them. */
    public List<String> all(String series) {
        List<String> lines = new ArrayList<>(debian(series));
        archiveLine(series).ifPresent(lines::add);
        return lines;
    }

    /**
     * What a chroot of the series' base (which has {@code deb MIRROR SERIES main}) lacks: sbuild's
     * {@code --extra-repository} lines.
     */
    public List<String> beyondBase(String series) {
        List<String> lines = new ArrayList<>(debianUpdates(series));
        archiveLine(series).ifPresent(lines::add);
        return lines;
    }

    private List<String> debianUpdates(String series) {
        List<String> lines = new ArrayList<>();
        if (updates) {
            lines.add("deb " + mirror + " " + series + "-updates main");
        }
        if (securityMirror != null) {
            lines.add("deb " + securityMirror + " " + series + "-security main");
        }
        return lines;
    }

    /** The Lander's archive: unsigned like the PPAs, served on the loopback interface. */
    private java.util.Optional<String> archiveLine(String series) {
        return java.util.Optional.ofNullable(archive).map(a -> "deb [trusted=yes] " + a + " " + series + " main");
    }
}
