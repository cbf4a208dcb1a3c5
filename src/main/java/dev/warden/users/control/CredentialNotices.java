package dev.warden.users.control;

import dev.warden.mail.control.Mail;
import dev.warden.mail.control.Mailer;
import dev.warden.mail.control.PublicLinks;
import dev.warden.users.entity.User;
import dev.warden.platform.control.RequestClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tells the owner of every change to how they sign in, so that one they did not make (a
 * takeover: a new password, the thief's authenticator, 2FA turned off, an API key that
 * outlasts the session) does not go unnoticed: the password changed or reset, 2FA turned on
 * or off (by the user, or by an admin), the backup codes regenerated, an API key created.
 * The mail leaves once the change commits ({@link Mailer#send}), carries no secret and
 * links to the page that asks for a reset link. It says when and from which address
 * (the request's client, as the audit trail has it), so the owner can tell it was not them. Reacts to {@link CredentialsChanged}, fired
 * in the changing transaction by the component that made the change.
 */
@ApplicationScoped
public class CredentialNotices {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Inject
    Users users;

    @Inject
    Mailer mailer;

    @Inject
    PublicLinks links;

    @Inject
    Clock clock;

    /** The request that made the change (request-scoped; this bean is not). */
    @Inject
    RequestClient request;

    void changed(@Observes CredentialsChanged changed) {
        User user = users.get(changed.userId());
        Map<String, String> values = new HashMap<>(Map.of("product", "Warden", "username", user.username(),
                "link", links.to("forgot-password", null), "when", WHEN.format(clock.instant()),
                "address", address()));
        if (changed.keyName() != null) {
            values.put("key_name", changed.keyName());
        }
        String template = changed.kind().notice();
        mailer.send(new Mail(template, user.email(), values, template));
    }

    /** The client address of the change, as the audit trail records it (warden.trusted-proxies). */
    private String address() {
        try {
            String address = request.info().ipAddress();
            return address == null ? "unknown" : address;
        } catch (ContextNotActiveException | IllegalStateException outsideARequest) {
            return "unknown";
        }
    }
}
