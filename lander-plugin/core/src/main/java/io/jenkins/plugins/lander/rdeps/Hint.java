package io.jenkins.plugins.lander.rdeps;

import io.jenkins.plugins.lander.source.DebianNames;
import io.jenkins.plugins.lander.source.DebianVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * A britney hint about triggered tests, in britney's syntax: {@code force-badtest SRC/VERSION[/ARCH]}
 * ignores failures of the tests <em>of</em> {@code SRC} up to {@code VERSION} (on {@code ARCH}, or
 * every architecture); {@code force-skiptest SRC/VERSION} ignores every triggered test result of
 * the ticket's upload {@code SRC VERSION}. One hint line may name several items, as in britney.
 *
 * @param architecture null for every architecture
 */
public record Hint(Type type, String source, String version, String architecture) {
    public enum Type {
        FORCE_BADTEST("force-badtest"),
        FORCE_SKIPTEST("force-skiptest");

        private final String word;

        Type(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** The longest hint line accepted: a hint is a few items, not a document. */
    public static final int MAX_LENGTH = 1024;

    /**
     * Reads one hint line ({@code force-badtest b/1.0 c/2.1/amd64}); a line that is not a valid
     * hint is an {@link IllegalArgumentException} naming it and what is wrong.
     */
    public static List<Hint> parse(String line) {
        if (line == null || line.isBlank()) {
            throw new IllegalArgumentException("empty hint");
        }
        if (line.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("hint longer than " + MAX_LENGTH + " characters");
        }
        String shown = printable(line);
        if (line.chars().anyMatch(c -> c < 0x20 && c != ' ')) {
            throw new IllegalArgumentException("hint '" + shown + "' contains control characters");
        }
        String[] words = line.strip().split(" +");
        Type type = null;
        for (Type t : Type.values()) {
            if (t.word.equals(words[0])) {
                type = t;
            }
        }
        if (type == null) {
            throw new IllegalArgumentException("hint '" + shown + "': unknown hint '" + words[0]
                    + "' (only force-badtest SRC/VERSION[/ARCH] and force-skiptest SRC/VERSION are known)");
        }
        if (words.length < 2) {
            throw new IllegalArgumentException("hint '" + shown + "' names no SRC/VERSION");
        }
        List<Hint> hints = new ArrayList<>();
        for (int i = 1; i < words.length; i++) {
            hints.add(item(type, words[i], shown));
        }
        return hints;
    }

    /** Every hint of the lines, each line checked. */
    public static List<Hint> parseAll(List<String> lines) {
        List<Hint> out = new ArrayList<>();
        for (String line : lines == null ? List.<String>of() : lines) {
            out.addAll(parse(line));
        }
        return out;
    }

    private static Hint item(Type type, String item, String shown) {
        String[] parts = item.split("/", -1);
        int max = type == Type.FORCE_BADTEST ? 3 : 2;
        if (parts.length < 2 || parts.length > max) {
            throw new IllegalArgumentException("hint '" + shown + "': '" + item + "' is not "
                    + (type == Type.FORCE_BADTEST ? "SRC/VERSION or SRC/VERSION/ARCH" : "SRC/VERSION"));
        }
        if (!DebianNames.isPackageName(parts[0])) {
            throw new IllegalArgumentException("hint '" + shown + "': '" + parts[0] + "' is not a source package name");
        }
        if (!DebianNames.isVersion(parts[1])) {
            throw new IllegalArgumentException("hint '" + shown + "': '" + parts[1] + "' is not a Debian version");
        }
        if (parts.length == 3 && !DebianNames.isArchitecture(parts[2])) {
            throw new IllegalArgumentException("hint '" + shown + "': '" + parts[2] + "' is not a Debian architecture name");
        }
        return new Hint(type, parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(80).forEach(c -> b.append(c < 0x20 || c == 0x7f ? "\\x" + String.format("%02x", c) : Character.toString(c)));
        return b.toString();
    }

    /** Whether this force-badtest covers a test of {@code source} {@code version} on {@code arch}. */
    public boolean ignoresFailureOf(String testedSource, String testedVersion, String arch) {
        return type == Type.FORCE_BADTEST && source.equals(testedSource)
                && DebianVersion.compare(testedVersion, version) <= 0
                && (architecture == null || architecture.equals(arch));
    }

    /** Whether this force-skiptest covers the ticket's upload {@code source} {@code version}. */
    public boolean skipsTestsTriggeredBy(String triggerSource, String triggerVersion) {
        return type == Type.FORCE_SKIPTEST && source.equals(triggerSource) && version.equals(triggerVersion);
    }

    @Override
    public String toString() {
        return type.word + " " + source + "/" + version + (architecture == null ? "" : "/" + architecture);
    }
}
