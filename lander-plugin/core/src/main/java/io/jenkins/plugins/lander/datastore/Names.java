package io.jenkins.plugins.lander.datastore;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The names every backend accepts, so a name that works in a directory works in Swift and the
 * other way round, and no name reaches outside its container (a file's name becomes a path on disk
 * and a part of a URL).
 */
public final class Names {
    private static final Pattern CONTAINER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final int MAX_NAME_BYTES = 1024;

    private Names() {}

    public static void checkContainer(String container) {
        if (container == null || !CONTAINER.matcher(container).matches()) {
            throw new IllegalArgumentException("invalid container name '" + container
                    + "' (letters, digits, '.', '_', '-', at most 200, starting with a letter or digit)");
        }
    }

    /** A relative name of '/'-separated segments, none empty, '.' or '..', no control characters. */
    public static void checkName(String name) {
        if (name == null || name.isBlank() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("invalid file name '" + name + "' (empty or over " + MAX_NAME_BYTES + " bytes)");
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("invalid file name '" + name + "' (empty, '.' or '..' part)");
            }
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("invalid file name '" + name.replaceAll("\\p{Cntrl}", "?")
                    + "' (control character)");
        }
    }
}
