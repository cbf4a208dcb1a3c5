package dev.warden.passwords.control;

import dev.warden.auth.control.CredentialsService;
import dev.warden.users.control.Users;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.UUID;

/**
 * A signed-in user changes their own password: the current one is confirmed (wrong
 * guesses count toward the lockout), the new one must pass the whole policy including
 * the history of the last {@code warden.password.history} passwords (the current one is
 * the newest of them), and then the password, its history entry and the end of every
 * other session are written in one transaction. The bcrypt work happens before that
 * transaction, behind the hashing gate.
 */
@ApplicationScoped
public class PasswordChange {

    @Inject
    Users users;

    @Inject
    CredentialsService credentials;

    @Inject
    PasswordPolicy policy;

    @Inject
    PasswordHasher hasher;

    @Inject
    HashingGate gate;

    @Inject
    PasswordStore store;

    @Inject
    @ConfigProperty(name = "warden.password.history", defaultValue = "3")
    int history;

    /**
     * @param keepSession the caller's own session, which stays signed in; null (API key) ends them all
     */
    public void change(UUID userId, UUID keepSession, String currentPassword, String newPassword) {
        User user = users.get(userId);
        String confirmedHash = user.passwordHash();
        credentials.confirmPassword(user, "current_password", currentPassword);
        List<String> recent = store.recentHashes(userId, history);
        policy.check("new_password", newPassword, user.username(), user.email(),
                candidate -> gate.run(() -> recent.stream().anyMatch(old -> hasher.verify(candidate, old))));
        String hash = gate.run(() -> hasher.hash(newPassword));
        store.replace(userId, confirmedHash, hash, keepSession, history);
    }
}
