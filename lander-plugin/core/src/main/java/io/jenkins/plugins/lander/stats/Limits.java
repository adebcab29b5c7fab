package io.jenkins.plugins.lander.stats;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** Checks shared by the stats records: names that fit their columns, durations that are durations. */
final class Limits {
    /** Test, tool and series names: letters, digits and {@code . _ - + : /}, as autopkgtest and tools name things. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+:/-]*");
    /** A Debian source package name (Policy 5.6.1). */
    static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    /** A Debian version (Policy 5.6.12), loosely: what a changes file may carry. */
    static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+~:-]*");

    private Limits() {}

    static String name(String field, String value, int max) {
        return matching(field, value, NAME, max, "letters, digits and . _ + : / -");
    }

    static String matching(String field, String value, Pattern pattern, int max, String expected) {
        if (value == null || value.isEmpty()) {
            throw new InvalidStatsException(field, "required");
        }
        if (value.length() > max) {
            throw new InvalidStatsException(field, "longer than " + max + " characters");
        }
        if (!pattern.matcher(value).matches()) {
            throw new InvalidStatsException(field, "'" + value + "' is not valid (expected " + expected + ")");
        }
        return value;
    }

    /** Stats keep milliseconds (the database's unit), so a stored record reads back equal. */
    static Duration duration(String field, Duration d) {
        if (d == null) {
            throw new InvalidStatsException(field, "required");
        }
        if (d.isNegative()) {
            throw new InvalidStatsException(field, "negative duration " + d);
        }
        return d.truncatedTo(ChronoUnit.MILLIS);
    }

    static long bytes(String field, long n) {
        if (n < 0) {
            throw new InvalidStatsException(field, "negative size " + n);
        }
        return n;
    }
}
