package io.jenkins.plugins.lander.rdeps;

import java.util.Comparator;

/**
 * Debian version ordering as dpkg defines it (deb-version(7)): epoch numerically, then upstream
 * version and revision, each compared as alternating non-digit parts (letters before non-letters,
 * {@code ~} before everything, even the end) and digit parts compared numerically.
 */
public final class DebianVersion {
    public static final Comparator<String> ORDER = DebianVersion::compare;

    private DebianVersion() {}

    public static int compare(String a, String b) {
        String[] x = split(a);
        String[] y = split(b);
        int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        if (c != 0) {
            return c;
        }
        c = compareFragment(x[1], y[1]);
        return c != 0 ? c : compareFragment(x[2], y[2]);
    }

    /** epoch, upstream, revision ({@code 0} and empty when absent). */
    private static String[] split(String v) {
        int colon = v.indexOf(':');
        String epoch = colon > 0 ? v.substring(0, colon) : "0";
        String rest = colon > 0 ? v.substring(colon + 1) : v;
        int dash = rest.lastIndexOf('-');
        return dash > 0
                ? new String[] {epoch, rest.substring(0, dash), rest.substring(dash + 1)}
                : new String[] {epoch, rest, ""};
    }

    private static int compareFragment(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            // the non-digit prefix, character by character
            while ((i < a.length() && !Character.isDigit(a.charAt(i))) || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
                int ca = i < a.length() && !Character.isDigit(a.charAt(i)) ? order(a.charAt(i)) : 0;
                int cb = j < b.length() && !Character.isDigit(b.charAt(j)) ? order(b.charAt(j)) : 0;
                if (ca != cb) {
                    return Integer.compare(ca, cb);
                }
                if (i < a.length() && !Character.isDigit(a.charAt(i))) {
                    i++;
                }
                if (j < b.length() && !Character.isDigit(b.charAt(j))) {
                    j++;
                }
            }
            int si = i;
            while (i < a.length() && Character.isDigit(a.charAt(i))) {
                i++;
            }
            int sj = j;
            while (j < b.length() && Character.isDigit(b.charAt(j))) {
                j++;
            }
            int c = compareNumbers(a.substring(si, i), b.substring(sj, j));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareNumbers(String a, String b) {
        String x = a.replaceFirst("^0+", "");
        String y = b.replaceFirst("^0+", "");
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }

    /** dpkg's weight of a non-digit character: {@code ~} lowest, then the end, letters, the rest. */
    private static int order(char c) {
        if (c == '~') {
            return -1;
        }
        if (Character.isLetter(c)) {
            return c;
        }
        return c + 256;
    }
}
