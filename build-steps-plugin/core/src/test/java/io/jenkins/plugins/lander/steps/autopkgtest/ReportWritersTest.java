package io.jenkins.plugins.lander.steps.autopkgtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.lander.landing.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** JUnit XML and subunit v1 from a summary with every kind of verdict. */
class ReportWritersTest {
    @TempDir
    Path dir;

    private List<Verdict> verdicts;
    private TestLogs logs;

    @BeforeEach
    void setUp() throws Exception {
        verdicts = SummaryParser.parse(SummaryParserTest.EVERY_KIND);
        Files.writeString(dir.resolve("upstream-suite-stderr"), "assertion failed: 2 + 2 == 5\n\u001b[31mred\u001b[0m\n");
        Files.writeString(dir.resolve("upstream-suite-stdout"), "running 12 checks\n");
        Files.writeString(dir.resolve("greets-stdout"), "greets: OK\n");
        logs = new TestLogs(dir);
    }

    @Test
    void junitHasOneTestcasePerVerdictWithFailuresCarryingStderr() throws Exception {
        Path file = dir.resolve("junit.xml");
        JunitWriter.write(file, "hello_2.10-3", "hello", verdicts, logs);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element suite = doc.getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("13");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("skipped")).isEqualTo("3"); // the SKIP, the FLAKY and the NEUTRAL
        assertThat(suite.getAttribute("errors")).isEqualTo("6");
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(13);

        Element greets = testcase(doc, "greets");
        assertThat(greets.getAttribute("classname")).isEqualTo("autopkgtest.hello");
        assertThat(greets.getElementsByTagName("failure").getLength()).isZero();
        assertThat(greets.getElementsByTagName("system-out").item(0).getTextContent()).isEqualTo("greets: OK\n");

        Element failed = (Element) testcase(doc, "upstream-suite").getElementsByTagName("failure").item(0);
        assertThat(failed.getAttribute("message")).isEqualTo("non-zero exit status 1");
        assertThat(failed.getTextContent()).contains("assertion failed: 2 + 2 == 5", "?[31mred");

        assertThat(((Element) testcase(doc, "needs-machine").getElementsByTagName("skipped").item(0))
                .getAttribute("message")).isEqualTo("Test needs-machine restriction");
        // what Jenkins' junit plugin shows: a skip with the FLAKY message, not a plain pass
        Element flaky = testcase(doc, "network-test");
        assertThat(((Element) flaky.getElementsByTagName("skipped").item(0)).getAttribute("message"))
                .isEqualTo("FLAKY: non-zero exit status 2 (a flaky test's failure, tolerated)");
        assertThat(flaky.getElementsByTagName("flakyFailure").getLength()).isEqualTo(1);
        assertThat(flaky.getElementsByTagName("failure").getLength()).isZero();
        // a superficial pass is a pass under its own name
        Element superficial = testcase(doc, "smoke (superficial)");
        assertThat(superficial.getElementsByTagName("property").getLength()).isEqualTo(1);
        assertThat(superficial.getElementsByTagName("skipped").getLength()).isZero();
        assertThat(((Element) testcase(doc, "no-tests").getElementsByTagName("skipped").item(0)).getAttribute("message"))
                .isEqualTo("NEUTRAL: no tests in this package");
        assertThat(((Element) testcase(doc, "badpkg").getElementsByTagName("error").item(0)).getAttribute("message"))
                .startsWith("Test dependencies are unsatisfiable");
    }

    @Test
    void junitListsATestSkippedTwiceInTheSummaryOnce() throws Exception {
        Path file = dir.resolve("junit.xml");
        List<Verdict> twice = SummaryParser.parse(List.of("needs-machine        SKIP Test needs-machine restriction",
                "greets               PASS", "needs-machine        SKIP Test needs-machine restriction"));
        JunitWriter.write(file, "hello_2.10-3", "hello", twice, logs);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(2);
        assertThat(doc.getDocumentElement().getAttribute("skipped")).isEqualTo("1");
    }

    private static Element testcase(Document doc, String name) {
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no testcase " + name);
    }

    @Test
    void subunitV1StreamInTheSeedsFormat() throws Exception {
        Path file = dir.resolve("results.subunit");
        SubunitWriter.write(file, verdicts.subList(0, 5), logs);

        String stream = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(stream).startsWith("test: greets\n"
                + "success: greets [ multipart\n"
                + "Content-Type: text/plain;charset=utf8\nstderr\n0\r\n"
                + "Content-Type: text/plain;charset=utf8\nstdout\nb\r\ngreets: OK\n0\r\n"
                + "]\n"
                + "test: smoke\n"
                + "success: smoke [ multipart\n"
                + "Content-Type: text/plain;charset=utf8\nreason\nc\r\nsuperficial\n0\r\n");
        String stderr = "assertion failed: 2 + 2 == 5\n\u001b[31mred\u001b[0m\n";
        assertThat(stream).contains("test: upstream-suite\nfailure: upstream-suite [ multipart\n"
                + "Content-Type: text/plain;charset=utf8\nreason\n17\r\nnon-zero exit status 1\n0\r\n"
                + "Content-Type: text/plain;charset=utf8\nstderr\n"
                + Integer.toHexString(stderr.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + stderr + "0\r\n");
        assertThat(stream).contains("test: network-test\nxfail: network-test [ multipart\n");
        assertThat(stream).contains("test: needs-machine\nskip: needs-machine [ multipart\n");
        assertThat(stream.lines().filter(l -> l.startsWith("test: "))).hasSize(5);
    }

    @Test
    void everyVerdictKindMapsToASubunitOutcome() {
        assertThat(verdicts.stream().map(SubunitWriter::outcome).distinct())
                .containsExactlyInAnyOrder("success", "failure", "xfail", "skip", "error");
    }

    @Test
    void testControlNamesTestsAsAutopkgtestDoes() {
        String control = """
                Tests: greets, upstream
                Depends: @

                # a comment
                Test-Command: hello --version
                Restrictions: superficial

                Tests: one
                 two
                Depends: @

                Test-Command: true
                """;
        assertThat(TestControl.testNames(control)).containsExactly("greets", "upstream", "command1", "one", "two", "command2");
        assertThat(TestControl.withRestriction(control, "superficial")).containsExactly("command1");
        assertThat(TestControl.withRestriction(control, "flaky")).isEmpty();
        assertThat(TestControl.withRestriction("Tests: net\nRestrictions: needs-internet,\n flaky\n", "flaky"))
                .containsExactly("net");
    }

    /** autodep8's output for libmodule-runtime-perl 0.016-2 (autodep8 0.28): tests named by Features. */
    @Test
    void autodep8TestsAreNamedByTheirTestNameFeature() {
        String generated = """
                Test-Command: /usr/share/pkg-perl-autopkgtest/runner build-deps
                Depends: @, @builddeps@, pkg-perl-autopkgtest,\s
                Restrictions: skippable,\s
                Features: test-name=autodep8-perl-build-deps


                Test-Command: /usr/share/pkg-perl-autopkgtest/runner runtime-deps
                Depends: @, pkg-perl-autopkgtest,\s
                Restrictions: skippable, superficial,\s
                Features: test-name=autodep8-perl
                """;
        assertThat(TestControl.testNames(generated)).containsExactly("autodep8-perl-build-deps", "autodep8-perl");
        assertThat(TestControl.withRestriction(generated, "superficial")).containsExactly("autodep8-perl");
    }

    @Test
    void testsuiteFieldIsReadFromTheSourceStanza() {
        assertThat(TestControl.testsuite("Source: libmodule-runtime-perl\nTestsuite: autopkgtest-pkg-perl\n\n"
                + "Package: libmodule-runtime-perl\nTestsuite: other\n")).isEqualTo("autopkgtest-pkg-perl");
        assertThat(TestControl.testsuite("Source: hello\n\nPackage: hello\n")).isEmpty();
    }

    @Test
    void testControlCollectsTheRestrictionsThatChooseTheTestbed() {
        String control = """
                Tests: greets
                Restrictions: allow-stderr

                Tests: boots
                Restrictions: Isolation-Machine,
                 needs-root breaks-testbed

                Test-Command: true
                """;
        assertThat(TestControl.restrictions(control)).containsExactly("allow-stderr", "breaks-testbed",
                "isolation-machine", "needs-root");
        assertThat(TestControl.restrictions("Tests: a\nDepends: @\n")).isEmpty();
    }
}
