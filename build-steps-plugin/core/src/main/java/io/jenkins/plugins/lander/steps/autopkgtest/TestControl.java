package io.jenkins.plugins.lander.steps.autopkgtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The test names {@code debian/tests/control} declares, in order, as autopkgtest names them:
 * each name of a {@code Tests:} field, and {@code command1}, {@code command2}… for
 * {@code Test-Command:} stanzas. Used for the {@code current/total} progress.
 */
public final class TestControl {
    private TestControl() {}

    public static List<String> testNames(String control) {
        List<String> names = new ArrayList<>();
        int commands = 0;
        for (String stanza : control.replace("\r\n", "\n").split("\n\\s*\n")) {
            String tests = field(stanza, "tests");
            if (tests != null) {
                for (String t : tests.split("[,\\s]+")) {
                    if (!t.isBlank()) {
                        names.add(t.strip());
                    }
                }
            } else if (field(stanza, "test-command") != null) {
                names.add("command" + (++commands));
            }
        }
        return names;
    }

    /** A field's value with continuation lines joined, or null. */
    private static String field(String stanza, String name) {
        StringBuilder value = null;
        for (String line : stanza.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            if (value != null && (line.startsWith(" ") || line.startsWith("\t"))) {
                value.append(' ').append(line.strip());
                continue;
            }
            if (value != null) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(name)) {
                value = new StringBuilder(line.substring(colon + 1).strip());
            }
        }
        return value == null ? null : value.toString();
    }
}
