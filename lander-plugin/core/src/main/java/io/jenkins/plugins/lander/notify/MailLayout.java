package io.jenkins.plugins.lander.notify;

import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notification layout of the seed (Launchpad's build mail): subject
 * {@code [Ticket #ID] SOURCE VERSION: STATE}, {@code X-Lander-*} headers, and a plain-text body of
 * {@code * Field: value} lines, the logs' links, the upload log of a build that failed to upload,
 * and the regression table.
 *
 * <p>A ticket of several uploads is named after its first upload, "and N more" (the body lists
 * them all); a build-failure mail is named after the upload that failed.
 */
final class MailLayout {
    /** The tail of an upload log that goes into a mail; logs are usually far shorter. */
    static final int MAX_UPLOAD_LOG = 64 * 1024;

    private MailLayout() {}

    /** The mail about a finished ticket. */
    static Mail finished(Ticket ticket, NotificationContext ctx, Recipients to, String messageId, Instant date,
            InternetAddress from) {
        String state = NotificationKey.finalState(ticket);
        List<SubTicket> subs = ticket.getSubtickets();
        StringBuilder body = new StringBuilder();
        field(body, "Ticket", ticket.getId() + parenthesised(title(ticket)));
        field(body, "Series", ticket.getSeries());
        field(body, "Architecture", ctx.architecture());
        field(body, "State", state);
        field(body, "Duration", ctx.duration() == null ? null : human(ctx.duration()));
        failure(body, ticket.getFailedStep(), ticket.getReason());
        for (SubTicket sub : subs) {
            body.append('\n');
            upload(body, ticket, sub, ctx, sub.getStatus().name());
        }
        List<Artifact> logs = ticket.getArtifacts().stream().filter(MailLayout::isLog).toList();
        if (!logs.isEmpty()) {
            body.append("\nLogs:\n");
            logs.forEach(a -> field(body, a.name(), link(ticket, a, ctx)));
        }
        regressions(body, ctx.regressions());
        String subject = "[Ticket #" + ticket.getId() + "] " + name(subs.isEmpty() ? null : subs.get(0))
                + (subs.size() > 1 ? " and " + (subs.size() - 1) + " more" : "") + ": " + state;
        return mail(ticket, NotificationKind.FINISHED, state, ticket.getFailedStep(), subject, body, ctx, to, messageId,
                date, from);
    }

    /** The mail about one upload that failed to build or to upload. */
    static Mail buildFailed(Ticket ticket, SubTicket sub, BuildFailure failure, NotificationContext ctx, Recipients to,
            String messageId, Instant date, InternetAddress from) {
        StringBuilder body = new StringBuilder();
        field(body, "Ticket", ticket.getId() + parenthesised(title(ticket)));
        field(body, "Series", ticket.getSeries());
        field(body, "Architecture", failure.architecture() != null ? failure.architecture() : ctx.architecture());
        field(body, "Duration", ctx.duration() == null ? null : human(ctx.duration()));
        failure(body, WorkflowStep.PACKAGE_BUILDING, failure.reason());
        body.append('\n');
        upload(body, ticket, sub, ctx, failure.state().label());
        if (failure.uploadLog() != null && !failure.uploadLog().isBlank()) {
            body.append("\nUpload log:\n").append(tail(failure.uploadLog()));
            if (!failure.uploadLog().endsWith("\n")) {
                body.append('\n');
            }
        }
        String subject = "[Ticket #" + ticket.getId() + "] " + name(sub) + ": " + failure.state().name();
        return mail(ticket, NotificationKind.BUILD_FAILED, failure.state().name(), WorkflowStep.PACKAGE_BUILDING, subject,
                body, ctx, to, messageId, date, from);
    }

    private static Mail mail(Ticket ticket, NotificationKind kind, String state, WorkflowStep failedStep, String subject,
            StringBuilder body, NotificationContext ctx, Recipients to, String messageId, Instant date,
            InternetAddress from) {
        body.append("\nYou get this mail as the uploader, the ticket's owner or an administrator of this Lander.\n");
        body.append("-- \n").append("[Ticket #").append(ticket.getId()).append(']').append(title(ticket)).append('\n');
        if (ctx.ticketPage() != null) {
            body.append(ctx.ticketPage()).append('\n');
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Lander-Ticket", ticket.getId());
        headers.put("X-Lander-Notification", kind.column());
        headers.put("X-Lander-State", state);
        if (failedStep != null) {
            headers.put("X-Lander-Failed-Step", Integer.toString(failedStep.code()));
        }
        // RFC 3834: no vacation replies to a machine's mail
        headers.put("Auto-Submitted", "auto-generated");
        return new Mail(messageId, from, to.to(), to.cc(), oneLine(subject), headers, body.toString(), date);
    }

    private static void upload(StringBuilder body, Ticket ticket, SubTicket sub, NotificationContext ctx, String state) {
        field(body, "Source Package", sub.getSourcePackage());
        field(body, "Version", sub.getVersion());
        field(body, "State", state);
        field(body, "Uploaded by", ctx.uploaderOf(sub).map(Uploader::person).orElse(null));
        for (Artifact a : sub.getArtifacts()) {
            boolean descriptor = a.type() == ArtifactType.SPU && a.name().equals("sources/" + sub.getUpload());
            if (descriptor || isLog(a)) {
                field(body, descriptor ? "Source" : a.name(), link(ticket, a, ctx));
            }
        }
    }

    private static boolean isLog(Artifact a) {
        return a.type() == ArtifactType.LOGS || a.type() == ArtifactType.RESULTS;
    }

    private static void failure(StringBuilder body, WorkflowStep step, String reason) {
        if (step != null) {
            field(body, "Failed Step", step.code() + " " + step.label());
        }
        field(body, "Reason", reason);
    }

    private static void regressions(StringBuilder body, List<Regression> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String[] head = {"SOURCE", "VERSION", "ARCH", "VERDICT", "LOG"};
        int[] width = new int[4];
        for (int i = 0; i < 4; i++) {
            width[i] = head[i].length();
        }
        for (Regression r : rows) {
            String[] cells = cells(r);
            for (int i = 0; i < 4; i++) {
                width[i] = Math.max(width[i], cells[i].length());
            }
        }
        body.append("\nRegressions:\n");
        row(body, head, width);
        rows.forEach(r -> row(body, cells(r), width));
    }

    private static String[] cells(Regression r) {
        return new String[] {oneLine(r.source()), oneLine(r.version()), oneLine(r.arch()), oneLine(r.verdict()),
            r.log() == null ? "-" : oneLine(r.log())};
    }

    private static void row(StringBuilder body, String[] cells, int[] width) {
        body.append(' ');
        for (int i = 0; i < 4; i++) {
            body.append(' ').append(cells[i]).append(" ".repeat(width[i] - cells[i].length() + 1));
        }
        body.append(' ').append(cells[4]).append('\n');
    }

    private static void field(StringBuilder body, String name, String value) {
        if (value != null && !value.isBlank()) {
            body.append(" * ").append(name).append(": ").append(oneLine(value)).append('\n');
        }
    }

    private static String title(Ticket ticket) {
        return ticket.getTitle() == null || ticket.getTitle().isBlank() ? "" : " " + oneLine(ticket.getTitle());
    }

    private static String parenthesised(String title) {
        return title.isEmpty() ? "" : " (" + title.strip() + ")";
    }

    private static String name(SubTicket sub) {
        return sub == null ? "(no upload)" : sub.getSourcePackage() + " " + sub.getVersion();
    }

    /** The artifact under the store's HTTP address when there is one, else its own reference. */
    static String link(Ticket ticket, Artifact a, NotificationContext ctx) {
        if (ctx.storeUrl() == null) {
            return a.reference();
        }
        String base = ctx.storeUrl().toString().replaceFirst("/*$", "/");
        try {
            return base + new URI(null, null, ticket.container() + "/" + a.name(), null).toASCIIString();
        } catch (URISyntaxException e) {
            return a.reference();
        }
    }

    /** The last {@link #MAX_UPLOAD_LOG} characters, from a line start. */
    static String tail(String log) {
        if (log.length() <= MAX_UPLOAD_LOG) {
            return log;
        }
        int from = log.length() - MAX_UPLOAD_LOG;
        int line = log.indexOf('\n', from);
        int start = line < 0 ? from : line + 1;
        return "[the first " + start + " characters are left out]\n" + log.substring(start);
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return plural(s, "second");
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long rest = s % 60;
        return h > 0 ? plural(h, "hour") + (m > 0 ? " " + plural(m, "minute") : "")
                : plural(m, "minute") + (rest > 0 ? " " + plural(rest, "second") : "");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** Header values and field lines stay one line whatever a ticket's text holds. */
    static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }
}
