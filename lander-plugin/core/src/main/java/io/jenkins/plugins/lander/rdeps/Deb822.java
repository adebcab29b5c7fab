package io.jenkins.plugins.lander.rdeps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stanzas of an apt index ({@code Sources}, {@code Packages}): paragraphs separated by blank
 * lines, {@code Field: value} lines with continuation lines starting with a space or tab. Field
 * names are case-insensitive (deb822(5)), so they are kept as first written and looked up folded.
 */
public final class Deb822 {
    private Deb822() {}

    /** Each stanza's fields by lower-cased name; continuation lines are joined with a newline. */
    public static List<Map<String, String>> parse(String text) {
        List<Map<String, String>> stanzas = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\r?\n", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    stanzas.add(current);
                    current = new LinkedHashMap<>();
                }
                last = null;
            } else if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                current.merge(last, "\n" + line.strip(), String::concat);
            } else if (line.charAt(0) != '#') {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("not a deb822 field line: '" + line + "'");
                }
                last = line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
                current.put(last, line.substring(colon + 1).strip());
            }
        }
        if (!current.isEmpty()) {
            stanzas.add(current);
        }
        return stanzas;
    }

    /**
     * The package names of a relation field ({@code Depends}, {@code Build-Depends},
     * {@code Testsuite-Triggers}): every alternative, without versions, architecture
     * qualifiers ({@code :any}), architecture lists or build profiles.
     */
    public static List<String> names(String relations) {
        List<String> out = new ArrayList<>();
        if (relations == null || relations.isBlank()) {
            return out;
        }
        for (String clause : relations.split(",")) {
            for (String alternative : clause.split("\\|")) {
                String name = alternative.strip().split("[\\s(\\[<:]", 2)[0].strip();
                if (!name.isEmpty() && !out.contains(name)) {
                    out.add(name);
                }
            }
        }
        return out;
    }
}
