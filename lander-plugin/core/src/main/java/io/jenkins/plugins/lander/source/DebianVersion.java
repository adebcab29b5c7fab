package io.jenkins.plugins.lander.source;

import java.util.Comparator;

/**
 * Debian's ordering of versions (Debian Policy 5.6.12, as {@code dpkg --compare-versions}):
 * {@code [epoch:]upstream[-revision]}, epochs compared as numbers, then the upstream version,
 * then the revision, each by alternating runs of non-digits (compared character by character,
 * {@code ~} before everything, even the end; letters before other characters) and digits
 * (compared as numbers).
 */
public final class DebianVersion {
    /** Lower versions first. */
    public static final Comparator<String> ORDER = DebianVersion::compare;

    private DebianVersion() {}

    public static int compare(String a, String b) {
        Parts x = Parts.of(a);
        Parts y = Parts.of(b);
        int c = Long.compare(x.epoch, y.epoch);
        if (c != 0) {
            return c;
        }
        c = comparePart(x.upstream, y.upstream);
        return c != 0 ? c : comparePart(x.revision, y.revision);
    }

    public static boolean newer(String candidate, String than) {
        return compare(candidate, than) > 0;
    }

    private record Parts(long epoch, String upstream, String revision) {
        static Parts of(String version) {
            String v = version.strip();
            long epoch = 0;
            int colon = v.indexOf(':');
            if (colon >= 0) {
                epoch = Long.parseLong(v.substring(0, colon));
                v = v.substring(colon + 1);
            }
            int dash = v.lastIndexOf('-');
            // no revision compares as revision "0", as dpkg does
            return dash < 0 ? new Parts(epoch, v, "0") : new Parts(epoch, v.substring(0, dash), v.substring(dash + 1));
        }
    }

    private static int comparePart(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            // the non-digit run
            while ((i < a.length() && !digit(a.charAt(i))) || (j < b.length() && !digit(b.charAt(j)))) {
                int ca = i < a.length() && !digit(a.charAt(i)) ? weight(a.charAt(i)) : 0;
                int cb = j < b.length() && !digit(b.charAt(j)) ? weight(b.charAt(j)) : 0;
                if (ca != cb) {
                    return Integer.compare(ca, cb);
                }
                if (i < a.length() && !digit(a.charAt(i))) {
                    i++;
                }
                if (j < b.length() && !digit(b.charAt(j))) {
                    j++;
                }
            }
            // the digit run, as a number (leading zeros do not count)
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            int startA = i;
            int startB = j;
            while (i < a.length() && digit(a.charAt(i))) {
                i++;
            }
            while (j < b.length() && digit(b.charAt(j))) {
                j++;
            }
            int lengths = Integer.compare(i - startA, j - startB);
            if (lengths != 0) {
                return lengths;
            }
            int c = a.substring(startA, i).compareTo(b.substring(startB, j));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code ~} lowest (below the end of the string, weight 0), then letters, then other characters. */
    private static int weight(char c) {
        if (c == '~') {
            return -1;
        }
        if (Character.isLetter(c)) {
            return c;
        }
        return c + 256;
    }
}
