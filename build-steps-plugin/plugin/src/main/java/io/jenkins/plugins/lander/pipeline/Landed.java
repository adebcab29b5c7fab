package io.jenkins.plugins.lander.pipeline;

import hudson.AbortException;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.TestImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What earlier steps of the run did for the ticket, read from the run's journal: a step needs
 * no argument for what another step made (the PPA, the image, the builds).
 */
final class Landed {
    static final String ALLOCATE = "allocate-ppa";
    static final String RELEASE = "release-ppa";
    private static final String BUILD = "build-source/";
    private static final String IMAGE = "build-image/";

    private Landed() {}

    static String buildKey(String series, String upload) {
        return BUILD + series + "/" + upload;
    }

    static String imageKey(String series) {
        return IMAGE + series;
    }

    static Ppa ppa(Journal journal, String ticketId) throws IOException {
        return journal.result(ALLOCATE, Ppa.class)
                .orElseThrow(() ->
                        new AbortException("ticket " + ticketId + " holds no PPA in this run: call allocatePpa first"));
    }

    static TestImage image(Journal journal, String ticketId, String series) throws IOException {
        return journal.result(imageKey(series), TestImage.class)
                .orElseThrow(() -> new AbortException(
                        "no " + series + " test image for ticket " + ticketId + " in this run: call buildImage first"));
    }

    /** The uploads (as given to buildSource) whose build succeeded for the series, in build order. */
    static List<String> builtUploads(Journal journal, String series) throws IOException {
        List<String> uploads = new ArrayList<>();
        String prefix = buildKey(series, "");
        for (Journal.Entry entry : journal.entries()) {
            if (entry.action().startsWith(prefix)
                    && journal.result(entry.action(), BuildResult.class)
                            .map(BuildResult::succeeded)
                            .orElse(false)) {
                uploads.add(entry.action().substring(prefix.length()));
            }
        }
        return uploads;
    }
}
