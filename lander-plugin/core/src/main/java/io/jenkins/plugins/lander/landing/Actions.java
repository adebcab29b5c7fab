package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.ticket.SubTicket;

/**
 * The names of a landing's actions, the one vocabulary of the journal, the console logs and the
 * Jenkins steps: an <em>action</em> is one journaled operation on the world outside the Lander
 * (reserve a PPA, build one upload, …), done at most once to completion per ticket.
 */
public final class Actions {
    public static final String ALLOCATE_PPA = "allocate-ppa";
    public static final String BUILD_IMAGE = "build-image";
    public static final String PUBLISH = "publish";
    public static final String RELEASE_PPA = "release-ppa";
    private static final String BUILD_SOURCE = "build-source/";
    private static final String RUN_AUTOPKGTEST = "run-autopkgtest/";

    private Actions() {}

    public static String buildSource(SubTicket sub) {
        return BUILD_SOURCE + sub.key();
    }

    public static String runAutopkgtest(SubTicket sub) {
        return RUN_AUTOPKGTEST + sub.key();
    }

    /** The action's console log file name: {@code build-source_hello_2.10-3.log}. */
    public static String logName(String action) {
        return action.replace('/', '_') + ".log";
    }
}
