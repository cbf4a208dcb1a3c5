package dev.warden.mail.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the templates: {@code {{name}}} is replaced by the value, HTML-escaped in the
 * HTML part (user-supplied values such as a username cannot inject markup), as it is in
 * the text part. An unknown placeholder is an error, not an empty string.
 */
final class MailTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    record Rendered(String subject, String text, String html) {
    }

    private MailTemplates() {
    }

    static Rendered render(String template, Map<String, String> values) {
        String text = load(template + ".txt");
        int newline = text.indexOf('\n');
        if (!text.startsWith("Subject: ") || newline < 0) {
            throw new IllegalStateException("Mail template " + template + ".txt must start with a Subject: line");
        }
        String subject = fill(text.substring("Subject: ".length(), newline).trim(), values, false);
        return new Rendered(subject, fill(text.substring(newline + 1).stripLeading(), values, false),
                fill(load(template + ".html"), values, true));
    }

    static String fill(String template, Map<String, String> values, boolean html) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("No value for {{" + m.group(1) + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(html ? escape(value) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String load(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            try (InputStream in = MailTemplates.class.getResourceAsStream("/dev/warden/mail/" + n)) {
                if (in == null) {
                    throw new IllegalStateException("No mail template " + n);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
