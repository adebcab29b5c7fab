package io.jenkins.plugins.lander.steps.autopkgtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.lander.landing.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryParserTest {
    /** Lines as autopkgtest 5.28 writes them (adtlog.report: the name padded to 20 columns). */
    static final List<String> EVERY_KIND = List.of(
            "greets               PASS",
            "smoke                PASS (superficial)",
            "upstream-suite       FAIL non-zero exit status 1",
            "network-test         FLAKY non-zero exit status 2",
            "needs-machine        SKIP Test needs-machine restriction",
            "a-test-with-a-very-long-name FAIL stderr: warning: deprecated",
            "old-syntax           BROKEN Test has invalid restriction",
            "*                    SKIP no tests in this package",
            "",
            "blame: arg:hello_2.10-3.dsc deb:hello",
            "badpkg: Test dependencies are unsatisfiable. A common reason is that your testbed is out of date",
            "erroneous package: Test dependencies are unsatisfiable",
            "testbed failure: unexpected eof from the testbed",
            "something autopkgtest never said before");

    @Test
    void keepsEveryLineAsAVerdict() {
        List<Verdict> verdicts = SummaryParser.parse(EVERY_KIND);

        assertThat(verdicts).containsExactly(
                new Verdict("greets", "PASS", false, ""),
                new Verdict("smoke", "PASS", true, ""),
                new Verdict("upstream-suite", "FAIL", false, "non-zero exit status 1"),
                new Verdict("network-test", "FLAKY", false, "non-zero exit status 2"),
                new Verdict("needs-machine", "SKIP", false, "Test needs-machine restriction"),
                new Verdict("a-test-with-a-very-long-name", "FAIL", false, "stderr: warning: deprecated"),
                new Verdict("old-syntax", "ERROR", false, "broken test: Test has invalid restriction"),
                new Verdict("no-tests", "NEUTRAL", false, "no tests in this package"),
                new Verdict("blame", "ERROR", false, "arg:hello_2.10-3.dsc deb:hello"),
                new Verdict("badpkg", "ERROR", false,
                        "Test dependencies are unsatisfiable. A common reason is that your testbed is out of date"),
                new Verdict("erroneous-package", "ERROR", false, "Test dependencies are unsatisfiable"),
                new Verdict("testbed-failure", "ERROR", false, "unexpected eof from the testbed"),
                new Verdict("summary", "ERROR", false, "something autopkgtest never said before"));
    }

    /** autopkgtest 5.28 reports a restriction skip when it reads debian/tests/control and again when it runs. */
    @Test
    void aRestrictionSkipReportedTwiceIsOneVerdict() {
        List<Verdict> verdicts = SummaryParser.parse(List.of(
                "needs-machine        SKIP Test needs-machine restriction",
                "greets               PASS",
                "needs-machine        SKIP Test needs-machine restriction",
                "other-machine        SKIP Test needs-machine restriction"));

        assertThat(verdicts).containsExactly(
                new Verdict("needs-machine", "SKIP", false, "Test needs-machine restriction"),
                new Verdict("greets", "PASS", false, ""),
                new Verdict("other-machine", "SKIP", false, "Test needs-machine restriction"));
    }

    @Test
    void aBadpkgTestLineIsAFailure() {
        assertThat(SummaryParser.parseLine("greets               FAIL badpkg"))
                .isEqualTo(new Verdict("greets", "FAIL", false, "badpkg"));
    }
}
