package dev.warden.mail.control;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailTemplatesTest {

    private static final Map<String, String> VALUES = Map.of("product", "Warden", "username", "<b>eve</b>&\"co'",
            "link", "https://warden.example/reset-password?token=abc", "expires_minutes", "15");

    @Test
    void everyTemplateFillsItsSubjectTextAndHtml() {
        MailTemplates.Rendered reset = MailTemplates.render("password-reset", VALUES);
        assertEquals("Reset your Warden password", reset.subject());
        assertTrue(reset.text().contains("https://warden.example/reset-password?token=abc"));
        assertTrue(reset.text().contains("15 minutes"));
        assertTrue(reset.html().contains("href=\"https://warden.example/reset-password?token=abc\""));
        MailTemplates.render("verify-email", Map.of("product", "Warden", "username", "u", "link", "l",
                "expires_hours", "24"));
        MailTemplates.render("account-exists", Map.of("product", "Warden", "username", "u", "link", "l"));
        MailTemplates.Rendered changed = MailTemplates.render("address-changed", Map.of("product", "Warden",
                "username", "u", "new_address", "n***@example.org"));
        assertEquals("The email address of your Warden account was changed", changed.subject());
        assertTrue(changed.text().contains("n***@example.org") && changed.html().contains("n***@example.org"));
        MailTemplates.Rendered password = MailTemplates.render("password-changed", Map.of("product", "Warden",
                "username", "u", "link", "https://warden.example/forgot-password", "when", "w", "address", "a"));
        assertEquals("Your Warden password was changed", password.subject());
        assertTrue(password.html().contains("href=\"https://warden.example/forgot-password\""));
    }

    /** Every notice of a change to how a user signs in, with the values CredentialNotices gives. */
    @Test
    void everyCredentialNoticeRendersWithALinkAndNoOtherValue() {
        java.util.Set<String> subjects = new java.util.HashSet<>();
        for (dev.warden.users.control.CredentialsChanged.Kind kind : dev.warden.users.control.CredentialsChanged.Kind.values()) {
            Map<String, String> values = new java.util.HashMap<>(Map.of("product", "Warden", "username", "u",
                    "link", "https://warden.example/forgot-password", "when", "2026-12-05 03:45 UTC",
                    "address", "203.0.113.7"));
            if (kind == dev.warden.users.control.CredentialsChanged.Kind.API_KEY_CREATED) {
                values.put("key_name", "<b>ci</b>");
            }
            MailTemplates.Rendered notice = MailTemplates.render(kind.notice(), values);
            assertTrue(subjects.add(notice.subject()), "a subject of its own: " + notice.subject());
            assertTrue(notice.subject().contains("Warden"), notice.subject());
            assertTrue(notice.text().contains("https://warden.example/forgot-password"), kind + notice.text());
            assertTrue(notice.html().contains("href=\"https://warden.example/forgot-password\""), kind + notice.html());
            assertFalse(notice.text().contains("{{") || notice.html().contains("{{"), kind + " fills every placeholder");
            assertTrue(notice.text().contains("When: 2026-12-05 03:45 UTC"), notice.text());
            boolean byAnAdmin = kind == dev.warden.users.control.CredentialsChanged.Kind.TWO_FACTOR_RESET_BY_ADMIN;
            assertEquals(!byAnAdmin, notice.text().contains("From address: 203.0.113.7"), "the admin's address is not "
                    + "the owner's to know: " + notice.text());
        }
        MailTemplates.Rendered key = MailTemplates.render("api-key-created", Map.of("product", "Warden", "username", "u",
                "link", "l", "key_name", "<b>ci</b>", "when", "w", "address", "a"));
        assertTrue(key.text().contains("\"<b>ci</b>\"") && key.html().contains("&lt;b&gt;ci&lt;/b&gt;")
                && !key.html().contains("<b>ci"), key.html());
        assertThrows(IllegalStateException.class, () -> MailTemplates.render("api-key-created",
                Map.of("product", "Warden", "username", "u", "link", "l", "when", "w", "address", "a")),
                "the key's name is required");
    }

    @Test
    void userValuesAreEscapedInHtmlAndAMissingValueIsAnError() {
        MailTemplates.Rendered reset = MailTemplates.render("password-reset", VALUES);
        assertFalse(reset.html().contains("<b>eve</b>"), reset.html());
        assertTrue(reset.html().contains("&lt;b&gt;eve&lt;/b&gt;&amp;&quot;co&#39;"), reset.html());
        assertTrue(reset.text().contains("<b>eve</b>"), "plain text stays as typed");
        assertThrows(IllegalStateException.class, () -> MailTemplates.render("password-reset", Map.of("product", "W")));
    }

    @Test
    void addressesAreMaskedInLogs() {
        assertEquals("r***@warden.test", Mailer.masked("root-admin@warden.test"));
        assertEquals("***", Mailer.masked("nonsense"));
        assertEquals("***", Mailer.masked(null));
    }
}
