package dev.warden.auth.control;

import dev.warden.platform.problem.ErrorCode;
import dev.warden.lockout.control.PasswordCheck;
import dev.warden.passwords.control.HashingGate;
import dev.warden.passwords.control.PasswordHasher;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.control.Users;
import dev.warden.users.entity.Role;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks a login name and password ({@link PasswordCheck}: lockout first, the same
 * bcrypt work for unknown names), then the account state: disabled, email not verified.
 * A stored hash of an old cost or an imported one is upgraded after a right password.
 */
@ApplicationScoped
public class CredentialsService {

    public record Authenticated(UUID userId, String username, Role role) {
    }

    /** Wrong name or password; the identity store turns it into INVALID_RESULT. */
    public static class InvalidCredentials extends WardenException {
        InvalidCredentials() {
            super(ErrorCode.INVALID_CREDENTIALS, null);
        }
    }

    @Inject
    Users users;

    @Inject
    PasswordCheck check;

    @Inject
    PasswordHasher hasher;

    @Inject
    HashingGate gate;

    @Inject
    Clock clock;

    @Inject
    VerifiedPassword verified;

    @Inject
    @ConfigProperty(name = "warden.registration.require-email-verification", defaultValue = "true")
    boolean requireVerifiedEmail;

    public Authenticated authenticate(String login, String password) {
        Optional<User> user = users.findByLogin(login == null ? "" : login);
        String lockKey = user.map(User::usernameKey).orElseGet(() -> User.key(login == null ? "" : login));
        boolean secondFactorFollows = user.map(User::totpEnabled).orElse(false);
        if (!check.check(user.map(User::id).orElse(null), user.map(User::passwordHash), lockKey, password,
                !secondFactorFollows)) {
            throw new InvalidCredentials();
        }
        User found = user.get();
        if (!found.active()) {
            throw ErrorCode.ACCOUNT_DISABLED.exception();
        }
        if (!found.emailVerified() && requireVerifiedEmail) {
            throw ErrorCode.EMAIL_NOT_VERIFIED.exception();
        }
        String upgraded = hasher.needsRehash(found.passwordHash()) ? gate.run(() -> hasher.hash(password)) : null;
        users.recordLogin(found.id(), secondFactorFollows ? null : clock.instant(), found.passwordHash(), upgraded);
        verified.verified(found.id(), found.passwordVersion());
        return new Authenticated(found.id(), found.username(), found.role());
    }
}
