package io.jenkins.plugins.lander.notify;

import jakarta.mail.internet.InternetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A composed notification, before it becomes a MIME message.
 *
 * @param headers the {@code X-Lander-*} headers and others, in order
 */
record Mail(
        String messageId, InternetAddress from, List<InternetAddress> to, List<InternetAddress> cc, String subject,
        Map<String, String> headers, String body, Instant date) {}
