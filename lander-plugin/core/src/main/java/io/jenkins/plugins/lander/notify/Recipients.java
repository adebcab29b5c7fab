package io.jenkins.plugins.lander.notify;

import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.Ticket;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who a mail goes to: the person of each upload it is about and the ticket's owner (To), and
 * the configured admins (Cc); each address once, only valid mailboxes.
 *
 * @param refused what could not be mailed and why (an owner that is a user name, a Changed-By
 *     that is not an address), for the console
 */
record Recipients(List<InternetAddress> to, List<InternetAddress> cc, List<String> refused) {

    static Recipients of(Ticket ticket, List<SubTicket> about, NotificationContext ctx, List<InternetAddress> admins) {
        List<InternetAddress> people = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (SubTicket sub : about) {
            String person = ctx.uploaderOf(sub).map(Uploader::person).orElse(null);
            if (person == null) {
                refused.add(sub.getSourcePackage() + " " + sub.getVersion() + ": no Changed-By and no signer to mail");
            } else {
                add(people, refused, person, "uploader of " + sub.getSourcePackage() + " " + sub.getVersion());
            }
        }
        if (ticket.getOwner() != null && !ticket.getOwner().isBlank()) {
            add(people, refused, ticket.getOwner(), "ticket owner");
        }
        List<InternetAddress> to = Addresses.distinct(people);
        List<InternetAddress> cc = admins.stream().filter(a -> !Addresses.contains(to, a)).toList();
        return to.isEmpty() ? new Recipients(cc, List.of(), refused) : new Recipients(to, cc, refused);
    }

    private static void add(List<InternetAddress> into, List<String> refused, String text, String what) {
        try {
            into.add(Addresses.mailbox(text, what));
        } catch (IllegalArgumentException e) {
            refused.add(e.getMessage());
        }
    }

    boolean isEmpty() {
        return to.isEmpty();
    }
}
