package io.jenkins.plugins.lander.steps.autopkgtest;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The test names {@code debian/tests/control} declares, in order, as autopkgtest names them:
 * each name of a {@code Tests:} field, and {@code command1}, {@code command2}… for
 * {@code Test-Command:} stanzas (or their {@code Features: test-name=NAME}). Used for the {@code current/total} progress.
 */
public final class TestControl {
    private TestControl() {}

    public static List<String> testNames(String control) {
        return List.copyOf(byTest(control).keySet());
    }

    /** The names of the tests that declare {@code restriction} (e.g. {@code flaky}). */
    public static Set<String> withRestriction(String control, String restriction) {
        Set<String> names = new LinkedHashSet<>();
        byTest(control).forEach((name, declared) -> {
            if (declared.contains(restriction)) {
                names.add(name);
            }
        });
        return names;
    }

    /** The {@code Testsuite} field of a {@code debian/control}'s source stanza (autodep8's cue), or "". */
    public static String testsuite(String debianControl) {
        String first = debianControl.replace("\r\n", "\n").split("\n\\s*\n", 2)[0];
        String value = field(first, "testsuite");
        return value == null ? "" : value;
    }

    /** Each test's name, in order, with its {@code Restrictions:}. */
    private static Map<String, Set<String>> byTest(String control) {
        Map<String, Set<String>> tests = new LinkedHashMap<>();
        int commands = 0;
        for (String stanza : stanzas(control)) {
            String restrictions = field(stanza, "restrictions");
            Set<String> declared = restrictions == null ? Set.of()
                    : Set.copyOf(words(restrictions.toLowerCase(Locale.ROOT)));
            String names = field(stanza, "tests");
            if (names != null) {
                for (String t : words(names)) {
                    tests.put(t, declared);
                }
            } else if (field(stanza, "test-command") != null) {
                commands++;
                tests.put(testName(field(stanza, "features")).orElse("command" + commands), declared);
            }
        }
        return tests;
    }

    /** {@code Features: test-name=NAME} names a Test-Command (autodep8 names its tests so). */
    private static java.util.Optional<String> testName(String features) {
        if (features == null) {
            return java.util.Optional.empty();
        }
        for (String f : features.split("[,\\s]+")) {
            if (f.startsWith("test-name=") && f.length() > "test-name=".length()) {
                return java.util.Optional.of(f.substring("test-name=".length()));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Every restriction any test declares ({@code Restrictions:}, lower case), e.g.
     * {@code isolation-machine}: the testbed must provide it or autopkgtest skips that test.
     */
    public static Set<String> restrictions(String control) {
        Set<String> all = new TreeSet<>();
        byTest(control).values().forEach(all::addAll);
        return all;
    }

    private static String[] stanzas(String control) {
        return control.replace("\r\n", "\n").split("\n\\s*\n");
    }

    /** The items of a comma- or space-separated field. */
    private static List<String> words(String value) {
        return java.util.Arrays.stream(value.split("[,\\s]+")).filter(w -> !w.isBlank()).map(String::strip).toList();
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
