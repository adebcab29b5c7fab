package io.jenkins.plugins.lander.steps.autopkgtest;

import io.jenkins.plugins.lander.landing.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML for Jenkins' junit step: one {@code testcase} per verdict. Jenkins' junit plugin
 * ({@code CaseResult}) reads only a case's name, {@code error}, {@code failure}, {@code skipped}
 * (its {@code message}), {@code system-out}/{@code system-err}, and properties only with
 * {@code keepProperties}; so what must be seen in Jenkins is said with those (docs/jenkins.md):
 * FAIL is a failure carrying the test's stderr (its stdout when stderr is empty); SKIP is
 * skipped; FLAKY (a flaky test's tolerated failure) is skipped with the message
 * {@code FLAKY: …} and its output, plus a surefire {@code flakyFailure} for tools that read
 * reruns; NEUTRAL ("no tests") is skipped with {@code NEUTRAL: …}; a superficial pass is named
 * {@code NAME (superficial)} and has a {@code superficial} property; run-level errors (badpkg,
 * testbed failure) are errors.
 */
public final class JunitWriter {
    private JunitWriter() {}

    /** @param suite e.g. {@code hello_2.10-3}; test cases get class name {@code autopkgtest.SOURCE} */
    public static void write(Path file, String suite, String source, List<Verdict> verdicts, TestLogs logs)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "autopkgtest " + suite);
            xml.writeAttribute("tests", Integer.toString(verdicts.size()));
            xml.writeAttribute("failures", count(verdicts, SummaryParser.FAIL));
            xml.writeAttribute("errors", count(verdicts, SummaryParser.ERROR));
            xml.writeAttribute("skipped", Long.toString(verdicts.stream().filter(JunitWriter::skipped).count()));
            xml.writeCharacters("\n");
            for (Verdict v : verdicts) {
                testcase(xml, source, v, logs);
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void testcase(XMLStreamWriter xml, String source, Verdict v, TestLogs logs)
            throws XMLStreamException, IOException {
        xml.writeCharacters("  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", "autopkgtest." + source);
        xml.writeAttribute("name", v.superficial() ? v.test() + " (superficial)" : v.test());
        if (v.superficial()) {
            xml.writeStartElement("properties");
            xml.writeEmptyElement("property");
            xml.writeAttribute("name", "superficial");
            xml.writeAttribute("value", "true");
            xml.writeEndElement();
        }
        String output = logs.stderr(v.test());
        if (output.isEmpty()) {
            output = logs.stdout(v.test());
        }
        switch (v.result()) {
            case SummaryParser.FAIL -> element(xml, "failure", v.detail(), output);
            case SummaryParser.FLAKY -> {
                skipped(xml, "FLAKY: " + v.detail() + " (a flaky test's failure, tolerated)");
                element(xml, "flakyFailure", v.detail(), output);
            }
            case SummaryParser.SKIP -> skipped(xml, v.detail());
            case Verdict.NEUTRAL -> skipped(xml, "NEUTRAL: " + v.detail());
            case SummaryParser.PASS -> {}
            default -> element(xml, "error", v.detail(), output.isEmpty() ? v.detail() : output);
        }
        String stdout = logs.stdout(v.test());
        if (!stdout.isEmpty()) {
            xml.writeStartElement("system-out");
            xml.writeCharacters(clean(stdout));
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static boolean skipped(Verdict v) {
        return List.of(SummaryParser.SKIP, SummaryParser.FLAKY, Verdict.NEUTRAL).contains(v.result());
    }

    private static void skipped(XMLStreamWriter xml, String message) throws XMLStreamException {
        xml.writeEmptyElement("skipped");
        xml.writeAttribute("message", clean(message));
    }

    private static void element(XMLStreamWriter xml, String name, String message, String body) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeAttribute("message", clean(message));
        xml.writeAttribute("type", name);
        xml.writeCharacters(clean(body));
        xml.writeEndElement();
    }

    private static String count(List<Verdict> verdicts, String result) {
        return Long.toString(verdicts.stream().filter(v -> v.result().equals(result)).count());
    }

    /** XML 1.0 cannot carry most control characters; test output may contain them (colours, \r). */
    static String clean(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean allowed = c == '\t' || c == '\n' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                    || c >= 0x10000;
            b.appendCodePoint(allowed ? c : '?');
        });
        return b.toString();
    }
}
