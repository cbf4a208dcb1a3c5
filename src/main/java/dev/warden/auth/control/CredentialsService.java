package dev.warden.auth.control;

import dev.warden.passwords.control.HashingGate;
import dev.warden.passwords.control.PasswordHasher;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.control.Users;
import dev.warden.users.entity.Role;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks a login name and password. Order matters: a locked name is refused before the
 * password is looked at (a lock that still said "right password" would be no lock); a
 * name that matches nobody costs the same bcrypt work as a real one and is counted and
 * locked alike. No transaction is held during the bcrypt work.
 */
@ApplicationScoped
public class CredentialsService {

    public record Authenticated(UUID userId, String username, Role role) {
    }

    /** Wrong name or password; the identity store turns it into INVALID_RESULT. */
    public static class InvalidCredentials extends WardenException {
        InvalidCredentials() {
            super(401, "invalid_credentials", "Invalid username or password");
        }
    }

    @Inject
    Users users;

    @Inject
    LoginAttempts attempts;

    @Inject
    PasswordHasher hasher;

    @Inject
    HashingGate gate;

    @Inject
    Clock clock;

    public Authenticated authenticate(String login, String password) {
        Optional<User> user = users.findByLogin(login == null ? "" : login);
        String lockKey = user.map(User::usernameKey).orElseGet(() -> User.key(login == null ? "" : login));
        if (!checkPassword(user, lockKey, password)) {
            throw new InvalidCredentials();
        }
        User found = user.get();
        if (!found.active()) {
            throw new WardenException(403, "account_disabled", "This account is disabled");
        }
        if (!found.emailVerified()) {
            throw new WardenException(403, "email_not_verified", "Verify your email address before logging in");
        }
        String upgraded = hasher.needsRehash(found.passwordHash()) ? gate.run(() -> hasher.hash(password)) : null;
        users.recordLogin(found.id(), clock.instant(), upgraded);
        return new Authenticated(found.id(), found.username(), found.role());
    }

    /**
     * Confirms a signed-in user's password before a sensitive change. Wrong guesses count
     * toward the lockout exactly like failed logins, so a stolen token cannot be used to
     * guess the password without limit.
     */
    public void confirmPassword(User user, String field, String password) {
        if (!checkPassword(Optional.of(user), user.usernameKey(), password)) {
            throw WardenException.invalid(field, "is not the current password");
        }
    }

    /** Lock check, bcrypt (or the dummy), then the count; true only for the right password of an unlocked name. */
    private boolean checkPassword(Optional<User> user, String lockKey, String password) {
        attempts.lockedUntil(lockKey).ifPresent(until -> {
            throw AuthProblems.locked(until);
        });
        boolean valid = gate.run(() -> {
            if (user.isEmpty()) {
                hasher.verifyDummy(password);
                return false;
            }
            return hasher.verify(password, user.get().passwordHash());
        });
        if (!valid) {
            LoginAttempts.Failure failure = attempts.recordFailure(lockKey);
            if (failure.outcome() == LoginAttempts.Outcome.ALREADY_LOCKED) {
                throw AuthProblems.locked(failure.lockedUntil());
            }
            return false;
        }
        attempts.recordSuccess(lockKey).ifPresent(until -> {
            throw AuthProblems.locked(until);
        });
        return true;
    }
}
