package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.rdeps.TriggeredResult;
import io.jenkins.plugins.lander.rdeps.TriggeredTest;
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
    /** Looks for the tests the ticket's uploads trigger; journaled so a resumed landing runs the same list. */
    public static final String FIND_TRIGGERED_TESTS = "find-triggered-tests";
    private static final String BUILD_SOURCE = "build-source/";
    private static final String RUN_AUTOPKGTEST = "run-autopkgtest/";
    /** The prefix of {@link #runTriggeredTest}, as a builder's step request names the action. */
    public static final String RUN_TRIGGERED_TEST = "run-triggered-test/";

    private Actions() {}

    public static String buildSource(SubTicket sub) {
        return BUILD_SOURCE + sub.key();
    }

    public static String runAutopkgtest(SubTicket sub) {
        return RUN_AUTOPKGTEST + sub.key();
    }

    /** {@code run-triggered-test/liba_1.1-1/b/amd64}: one triggered test, its baseline included. */
    public static String runTriggeredTest(TriggeredTest test) {
        return RUN_TRIGGERED_TEST + test.key();
    }

    /** The action that ran the triggered test of this row of the regression table. */
    public static String runTriggeredTest(TriggeredResult row) {
        return RUN_TRIGGERED_TEST + row.key();
    }

    /** The action's console log file name: {@code build-source_hello_2.10-3.log}. */
    public static String logName(String action) {
        return action.replace('/', '_') + ".log";
    }

    /** Where the action's console log is archived in the ticket's container: {@code console/build-source_hello_2.10-3.log}. */
    public static String archivedLog(String action) {
        return "console/" + logName(action);
    }
}
