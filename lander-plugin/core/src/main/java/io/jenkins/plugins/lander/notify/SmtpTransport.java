package io.jenkins.plugins.lander.notify;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * SMTP submission through Jakarta Mail (Eclipse Angus): STARTTLS when the server offers it (or
 * required), SMTPS, AUTH with the configured credentials, the server's certificate checked
 * against the JVM's trust store or the configured PEM file, host name included.
 */
public final class SmtpTransport implements MailTransport {
    private final SmtpSettings settings;
    private final Session session;
    private final String protocol;

    public SmtpTransport(SmtpSettings settings, String envelopeSender) {
        this.settings = settings;
        this.protocol = settings.security() == SmtpSettings.Security.SMTPS ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put(p + "from", envelopeSender);
        props.put(p + "connectiontimeout", Long.toString(settings.timeout().toMillis()));
        props.put(p + "timeout", Long.toString(settings.timeout().toMillis()));
        props.put(p + "writetimeout", Long.toString(settings.timeout().toMillis()));
        props.put(p + "auth", Boolean.toString(settings.user() != null));
        props.put(p + "ssl.checkserveridentity", "true");
        // a recipient the server refuses does not keep the mail from the others
        props.put(p + "sendpartial", "true");
        if (protocol.equals("smtp")) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required",
                    Boolean.toString(settings.security() == SmtpSettings.Security.STARTTLS_REQUIRED));
        }
        if (settings.trustedCertificates() != null) {
            props.put(p + "ssl.socketFactory", socketFactory(settings));
        }
        this.session = Session.getInstance(props);
    }

    /**
     * Sends and returns when the server has accepted the message (its reply to DATA). An error
     * on QUIT after that is ignored, and so is a refused recipient when others got it: the
     * message is accepted, and sending it again would double it.
     */
    @Override
    public List<String> send(MimeMessage message) throws MessagingException {
        Transport transport = session.getTransport(protocol);
        transport.connect(settings.host(), settings.port(), settings.user(), settings.password());
        try {
            transport.sendMessage(message, message.getAllRecipients());
            return List.of();
        } catch (SendFailedException e) {
            Address[] sent = e.getValidSentAddresses();
            if (sent == null || sent.length == 0) {
                throw e;
            }
            Address[] refused = e.getInvalidAddresses() == null ? new Address[0] : e.getInvalidAddresses();
            return Arrays.stream(refused).map(Address::toString).toList();
        } finally {
            try {
                transport.close();
            } catch (MessagingException e) {
                // see above: the outcome of the mail was decided by DATA's reply
            }
        }
    }

    private static SSLSocketFactory socketFactory(SmtpSettings settings) {
        try (InputStream in = Files.newInputStream(settings.trustedCertificates())) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException("LANDER_SMTP_CA: no certificate in " + settings.trustedCertificates());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("LANDER_SMTP_CA: cannot read " + settings.trustedCertificates() + ": "
                    + e.getMessage());
        }
    }
}
