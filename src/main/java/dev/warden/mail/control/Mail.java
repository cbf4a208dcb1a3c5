package dev.warden.mail.control;

import java.util.Map;

/**
 * A mail to send: the template (under dev/warden/mail/, {@code <template>.txt} whose first
 * line is {@code Subject: ...}, and {@code <template>.html}), the recipient and the values
 * of its placeholders. {@code purpose} names it in logs, which never show the values (they
 * may hold a token).
 */
public record Mail(String template, String to, Map<String, String> values, String purpose) {
}
