package io.jenkins.plugins.lander.pipeline;

import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.landing.Verdict;
import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * autopkgtest's verdicts as JUnit XML for the {@code junit} step: one test case per summary line,
 * FAIL and ERROR as failures, SKIP as skipped, FLAKY as passed with a note. A run that produced
 * no verdicts (bad package, testbed failure) becomes one erroneous case, so it cannot pass.
 */
final class JUnitReport {
    private JUnitReport() {}

    static String xml(TestResult result) throws XMLStreamException {
        StringWriter out = new StringWriter();
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
        String suite = "autopkgtest." + result.source();
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", suite + " " + result.version());
        xml.writeAttribute("tests", String.valueOf(Math.max(1, result.verdicts().size())));
        if (result.verdicts().isEmpty()) {
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", suite);
            xml.writeAttribute("name", "autopkgtest");
            if (!result.passed()) {
                xml.writeStartElement("error");
                xml.writeAttribute("message", result.outcome() + " (autopkgtest exit code " + result.exitCode() + ")");
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        for (Verdict verdict : result.verdicts()) {
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", suite);
            xml.writeAttribute("name", verdict.test());
            String detail = verdict.detail() == null ? "" : verdict.detail();
            switch (verdict.result()) {
                case "FAIL", "ERROR" -> {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", verdict.result() + " " + detail);
                    xml.writeEndElement();
                }
                case "SKIP" -> {
                    xml.writeStartElement("skipped");
                    xml.writeAttribute("message", detail);
                    xml.writeEndElement();
                }
                case "FLAKY" -> {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters("FLAKY: " + detail);
                    xml.writeEndElement();
                }
                default -> {}
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.close();
        return out.toString();
    }
}
