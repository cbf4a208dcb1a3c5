package dev.warden.twofactor.control;

import dev.warden.lockout.control.PasswordCheck;
import dev.warden.platform.problem.WardenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.UUID;

/**
 * Turning 2FA off needs the password (checked under the lockout rules, outside any
 * transaction, as bcrypt takes a while) and then a code or a backup code.
 */
@ApplicationScoped
public class TwoFactor {

    @Inject
    PasswordCheck passwords;

    @Inject
    SecondFactors factors;

    public void disable(UUID userId, UUID keepSession, String password, String code, String backupCode) {
        SecondFactors.Account account = factors.account(userId);
        if (!account.enabled()) {
            throw WardenException.conflict("Two-factor authentication is not on");
        }
        if (!passwords.check(userId, Optional.of(account.passwordHash()), account.lockKey(), password)) {
            throw WardenException.invalid("password", "is not your password");
        }
        factors.disable(userId, keepSession, code, backupCode);
    }
}
