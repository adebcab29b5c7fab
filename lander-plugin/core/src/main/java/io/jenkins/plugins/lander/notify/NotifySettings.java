package io.jenkins.plugins.lander.notify;

import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What to mail, to whom, and through which server: one record for the CLI, the server and
 * Jenkins, made by {@link #fromEnvironment} from {@code LANDER_*} variables (Jenkins maps its
 * configuration and Credentials onto the same names). docs/notifications.md lists them.
 *
 * @param smtp null unless {@code mode} is {@link Mode#YES}
 * @param admins mailed about every notification, besides the uploader and the ticket owner
 */
public record NotifySettings(
        Mode mode, On on, boolean notifyAutomatic, SmtpSettings smtp, InternetAddress from, List<InternetAddress> admins) {

    /** The seed's tristate. */
    public enum Mode {
        /** Send mail. */
        YES,
        /** Write each mail in full to the console instead of sending it. */
        DRY_RUN,
        /** Send nothing, write nothing. */
        NO;

        /** The value of {@code LANDER_NOTIFY}: {@code yes}, {@code dry-run}, {@code no}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Mode parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "yes" -> YES;
                case "dry-run" -> DRY_RUN;
                case "no" -> NO;
                default -> throw new IllegalArgumentException(
                        "LANDER_NOTIFY: '" + Addresses.printable(text) + "' is not yes, dry-run or no");
            };
        }
    }

    /** Which finished tickets get a mail; build failures always do. */
    public enum On {
        FAILURES,
        ALL;

        /** The value of {@code LANDER_NOTIFY_ON}: {@code failures}, {@code all}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static On parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "failures" -> FAILURES;
                case "all" -> ALL;
                default -> throw new IllegalArgumentException(
                        "LANDER_NOTIFY_ON: '" + Addresses.printable(text) + "' is not failures or all");
            };
        }
    }

    /** The sender of a dry run when LANDER_MAIL_FROM is not set: nothing is sent from it. */
    static final String DRY_RUN_FROM = "Lander <lander@localhost>";

    public NotifySettings {
        admins = Addresses.distinct(admins);
        if (mode == Mode.YES && (smtp == null || from == null)) {
            throw new IllegalArgumentException("LANDER_NOTIFY=yes needs LANDER_SMTP_URL and LANDER_MAIL_FROM");
        }
    }

    /** Sends nothing: what a caller without configuration uses. */
    public static NotifySettings disabled() {
        return new NotifySettings(Mode.NO, On.FAILURES, false, null, null, List.of());
    }

    /**
     * Reads {@code LANDER_NOTIFY} (yes, dry-run, no; default no), {@code LANDER_NOTIFY_ON}
     * (failures, all; default failures), {@code LANDER_NOTIFY_AUTOMATIC} (yes, no; default no),
     * {@code LANDER_SMTP_URL}, {@code LANDER_SMTP_USER}, {@code LANDER_SMTP_PASSWORD} or
     * {@code LANDER_SMTP_PASSWORD_FILE}, {@code LANDER_SMTP_CA} (PEM file), {@code LANDER_MAIL_FROM}
     * and {@code LANDER_ADMINS} (a list of addresses). A bad value is an
     * {@link IllegalArgumentException} naming the variable; the password is never in a message.
     */
    public static NotifySettings fromEnvironment(Map<String, String> env) {
        Mode mode = Mode.parse(value(env, "LANDER_NOTIFY", "no"));
        On on = On.parse(value(env, "LANDER_NOTIFY_ON", "failures"));
        boolean automatic = switch (value(env, "LANDER_NOTIFY_AUTOMATIC", "no").trim().toLowerCase(Locale.ROOT)) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("LANDER_NOTIFY_AUTOMATIC: must be yes or no");
        };
        String fromText = value(env, "LANDER_MAIL_FROM", mode == Mode.YES ? null : DRY_RUN_FROM);
        if (fromText == null) {
            throw new IllegalArgumentException("LANDER_NOTIFY=yes needs LANDER_MAIL_FROM (the sender's address)");
        }
        InternetAddress from = Addresses.mailbox(fromText, "LANDER_MAIL_FROM");
        String adminText = value(env, "LANDER_ADMINS", "");
        List<InternetAddress> admins = adminText.isBlank() ? List.of() : Addresses.mailboxes(adminText, "LANDER_ADMINS");
        SmtpSettings smtp = null;
        if (mode == Mode.YES) {
            String url = value(env, "LANDER_SMTP_URL", null);
            if (url == null) {
                throw new IllegalArgumentException("LANDER_NOTIFY=yes needs LANDER_SMTP_URL (smtp://HOST:PORT)");
            }
            String ca = value(env, "LANDER_SMTP_CA", null);
            smtp = SmtpSettings.parse(url, value(env, "LANDER_SMTP_USER", null), password(env),
                    ca == null ? null : Path.of(ca));
        }
        return new NotifySettings(mode, on, automatic, smtp, from, admins);
    }

    private static String password(Map<String, String> env) {
        String inline = value(env, "LANDER_SMTP_PASSWORD", null);
        String file = value(env, "LANDER_SMTP_PASSWORD_FILE", null);
        if (inline != null && file != null) {
            throw new IllegalArgumentException("set LANDER_SMTP_PASSWORD or LANDER_SMTP_PASSWORD_FILE, not both");
        }
        if (file == null) {
            return inline;
        }
        try {
            // one trailing newline is the file's, not the password's
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).replaceFirst("\r?\n$", "");
        } catch (IOException e) {
            throw new IllegalArgumentException("LANDER_SMTP_PASSWORD_FILE: cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String value(Map<String, String> env, String name, String otherwise) {
        String v = env.get(name);
        return v == null || v.isBlank() ? otherwise : v;
    }
}
