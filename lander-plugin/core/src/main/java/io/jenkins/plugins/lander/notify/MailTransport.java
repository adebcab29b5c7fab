package io.jenkins.plugins.lander.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/** Hands a message to a mail server. */
public interface MailTransport {
    /**
     * Returns once the server has accepted the message for at least one recipient, with the
     * recipients it refused; throws when it accepted it for none.
     */
    List<String> send(MimeMessage message) throws MessagingException;
}
