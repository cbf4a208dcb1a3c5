package dev.warden.users.control;

import dev.warden.lockout.control.PasswordCheck;
import dev.warden.passwords.control.HashingGate;
import dev.warden.passwords.control.PasswordHasher;
import dev.warden.passwords.control.PasswordHistories;
import dev.warden.passwords.control.PasswordPolicy;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A signed-in user changes their own password: the current one is confirmed under the
 * lockout rules (wrong guesses count like failed logins, so a stolen token cannot guess
 * without limit), the new one must pass the whole policy including the history of the
 * last {@code warden.password.history} passwords (the current one is the newest of
 * them), and then the password, its history entry and the end of every other session
 * are written in one transaction. The bcrypt work happens before that transaction,
 * behind the hashing gate.
 */
@ApplicationScoped
public class PasswordChange {

    @Inject
    Users users;

    @Inject
    PasswordCheck check;

    @Inject
    PasswordPolicy policy;

    @Inject
    PasswordHasher hasher;

    @Inject
    HashingGate gate;

    @Inject
    PasswordHistories histories;

    @Inject
    UserWriter writer;

    @Inject
    @ConfigProperty(name = "warden.password.history", defaultValue = "3")
    int history;

    /**
     * @param keepSession the caller's own session, which stays signed in; null (API key) ends them all
     */
    public void change(UUID userId, UUID keepSession, String currentPassword, String newPassword) {
        User user = users.get(userId);
        String confirmedHash = user.passwordHash();
        if (!check.check(userId, Optional.of(confirmedHash), user.usernameKey(), currentPassword)) {
            throw WardenException.invalid("current_password", "is not the current password");
        }
        List<String> recent = histories.recentHashes(userId, history);
        policy.check("new_password", newPassword, user.username(), user.email(),
                candidate -> gate.run(() -> recent.stream().anyMatch(old -> hasher.verify(candidate, old))));
        String hash = gate.run(() -> hasher.hash(newPassword));
        writer.replacePassword(userId, confirmedHash, hash, keepSession, history);
    }
}
