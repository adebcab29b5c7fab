package io.jenkins.plugins.lander.notify;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.Properties;

/**
 * A {@link Mail} as RFC 5322 text and back. The outbox keeps this text, so the message sent
 * after a crash is the very message of the first attempt: same Message-ID, same Date, same body.
 */
final class MimeMail {
    private static final Session SESSION = Session.getInstance(new Properties());

    private MimeMail() {}

    /** The message as text; non-ASCII is MIME-encoded, so ISO-8859-1 keeps every byte. */
    static String render(Mail mail) {
        try {
            MimeMessage m = new StableIdMessage(mail.messageId());
            m.setFrom(mail.from());
            m.setRecipients(RecipientType.TO, mail.to().toArray(InternetAddress[]::new));
            if (!mail.cc().isEmpty()) {
                m.setRecipients(RecipientType.CC, mail.cc().toArray(InternetAddress[]::new));
            }
            m.setSubject(mail.subject(), "UTF-8");
            m.setSentDate(Date.from(mail.date()));
            for (Map.Entry<String, String> h : mail.headers().entrySet()) {
                m.setHeader(h.getKey(), h.getValue());
            }
            m.setText(mail.body(), "UTF-8");
            m.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            return out.toString(StandardCharsets.ISO_8859_1);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot compose the mail " + mail.messageId() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored text as a message ready to send. */
    static MimeMessage parse(String text) throws MessagingException {
        return new StableIdMessage(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Keeps its Message-ID: Jakarta Mail makes up a new one at each {@code saveChanges}. */
    private static final class StableIdMessage extends MimeMessage {
        private final String messageId;

        StableIdMessage(String messageId) {
            super(SESSION);
            this.messageId = messageId;
        }

        StableIdMessage(InputStream in) throws MessagingException {
            super(SESSION, in);
            this.messageId = getMessageID();
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
