package io.jenkins.plugins.lander.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * E-mail addresses as RFC 5322 mailboxes, parsed strictly by Jakarta Mail: one mailbox per
 * field (a Changed-By of {@code "a@x, b@y"} does not mail two people), no groups, an ASCII
 * address (no SMTPUTF8 assumed); a display name is kept and MIME-encoded.
 */
final class Addresses {
    private Addresses() {}

    /** The single mailbox in {@code text}; {@code what} names the field for the error. */
    static InternetAddress mailbox(String text, String what) {
        InternetAddress[] parsed;
        try {
            parsed = InternetAddress.parse(text, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException(what + ": '" + printable(text) + "' is not an e-mail address ("
                    + e.getMessage() + ")");
        }
        if (parsed.length != 1) {
            throw new IllegalArgumentException(what + ": '" + printable(text) + "' must be exactly one address, not "
                    + parsed.length);
        }
        return checked(parsed[0], text, what);
    }

    /** Every mailbox of a comma-separated list (display names may be quoted and contain commas). */
    static List<InternetAddress> mailboxes(String text, String what) {
        InternetAddress[] parsed;
        try {
            parsed = InternetAddress.parse(text, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException(what + ": '" + printable(text) + "' is not a list of e-mail addresses ("
                    + e.getMessage() + ")");
        }
        List<InternetAddress> out = new ArrayList<>();
        for (InternetAddress a : parsed) {
            out.add(checked(a, text, what));
        }
        return out;
    }

    private static InternetAddress checked(InternetAddress a, String text, String what) {
        try {
            a.validate();
        } catch (AddressException e) {
            throw new IllegalArgumentException(what + ": '" + printable(text) + "' is not an e-mail address ("
                    + e.getMessage() + ")");
        }
        if (a.isGroup()) {
            throw new IllegalArgumentException(what + ": '" + printable(text) + "' is a group, not a mailbox");
        }
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(a.getAddress())) {
            throw new IllegalArgumentException(what + ": '" + printable(text) + "' is not an ASCII address");
        }
        try {
            return new InternetAddress(a.getAddress(), a.getPersonal(), "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The addresses in order, each mailbox once (compared without case), display names of the first. */
    static List<InternetAddress> distinct(List<InternetAddress> addresses) {
        Map<String, InternetAddress> seen = new LinkedHashMap<>();
        for (InternetAddress a : addresses) {
            seen.putIfAbsent(a.getAddress().toLowerCase(Locale.ROOT), a);
        }
        return List.copyOf(seen.values());
    }

    static boolean contains(List<InternetAddress> list, InternetAddress a) {
        return list.stream().anyMatch(b -> b.getAddress().equalsIgnoreCase(a.getAddress()));
    }

    /** The text with control characters shown as spaces: it goes into error messages and logs. */
    static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", " ");
    }
}
