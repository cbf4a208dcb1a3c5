package dev.warden.users.control;

import dev.warden.mail.control.Mail;
import dev.warden.mail.control.Mailer;
import dev.warden.mail.control.PublicLinks;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * Tells the owner when their password changed (by themselves, or through a reset link), so
 * that a change they did not make does not go unnoticed: the mail leaves once the change
 * commits ({@link Mailer#send}), carries no secret, and links to the page that asks for a
 * reset link. Reacts to {@link CredentialsChanged}, fired in the changing transaction.
 */
@ApplicationScoped
public class PasswordChangedNotice {

    @Inject
    Users users;

    @Inject
    Mailer mailer;

    @Inject
    PublicLinks links;

    void changed(@Observes CredentialsChanged changed) {
        if (changed.kind() != CredentialsChanged.Kind.PASSWORD) {
            return;
        }
        User user = users.get(changed.userId());
        mailer.send(new Mail("password-changed", user.email(), Map.of("product", "Warden", "username", user.username(),
                "link", links.to("forgot-password", null)), "password-changed"));
    }
}
