package io.jenkins.plugins.lander.rdeps;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The JUnit XML of one triggered package: a {@code testsuite} named after the package, one
 * {@code testcase} per triggered test (trigger and architecture) with the verdict as its
 * outcome: a REGRESSION is a {@code failure}, NOT-RUN and RUNNING are {@code skipped}, the rest
 * pass, and every case carries its verdict in a {@code verdict} property and its system-out.
 */
public final class TriggeredJunit {
    private TriggeredJunit() {}

    /** Where the file of {@code source} is archived in the ticket's container: {@code triggered/SOURCE/junit.xml}. */
    public static String archiveName(String source) {
        return "triggered/" + source + "/junit.xml";
    }

    public static void write(Path file, String source, List<TriggeredResult> results) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        long failures = results.stream().filter(r -> r.verdict().blocks()).count();
        long skipped = results.stream()
                .filter(r -> r.verdict() == TriggeredVerdict.NOT_RUN || r.verdict() == TriggeredVerdict.RUNNING).count();
        try (OutputStream out = Files.newOutputStream(temp)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("testsuites");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "triggered/" + source);
            x.writeAttribute("tests", Integer.toString(results.size()));
            x.writeAttribute("failures", Long.toString(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", Long.toString(skipped));
            for (TriggeredResult r : results) {
                x.writeStartElement("testcase");
                x.writeAttribute("classname", "triggered." + source);
                x.writeAttribute("name", r.source() + "/" + r.version() + " " + r.architecture() + " triggered by " + r.trigger());
                x.writeStartElement("properties");
                x.writeEmptyElement("property");
                x.writeAttribute("name", "verdict");
                x.writeAttribute("value", r.verdict().label());
                x.writeEndElement();
                String text = xmlText(r.verdict().label() + (r.detail() == null ? "" : ": " + r.detail()));
                if (r.verdict().blocks()) {
                    x.writeStartElement("failure");
                    x.writeAttribute("message", text);
                    x.writeAttribute("type", r.verdict().label());
                    x.writeEndElement();
                } else if (r.verdict() == TriggeredVerdict.NOT_RUN || r.verdict() == TriggeredVerdict.RUNNING) {
                    x.writeEmptyElement("skipped");
                    x.writeAttribute("message", text);
                }
                x.writeStartElement("system-out");
                x.writeCharacters(text);
                x.writeEndElement();
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("writing " + file + ": " + e.getMessage(), e);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** XML 1.0 has no place for control characters other than tab and newlines (a test's output may hold any). */
    private static String xmlText(String s) {
        return s.replaceAll("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]", "?");
    }
}
