package dev.warden.lockout.control;

import java.util.UUID;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.lockout.entity.LoginFailure;
import dev.warden.passwords.control.HashingGate;
import dev.warden.passwords.control.PasswordHasher;
import dev.warden.platform.problem.WardenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;

/**
 * A password checked under the lockout rules, in this order: a locked name is refused
 * before the password is looked at (a lock that still said "right password" would be no
 * lock); a name that matches nobody costs the same bcrypt work as a real one and is
 * counted and locked alike; a wrong password counts; a right one clears the count unless
 * concurrent failures locked the name meanwhile. No transaction is held during bcrypt.
 */
@ApplicationScoped
public class PasswordCheck {

    private final LoginAttempts attempts;
    private final PasswordHasher hasher;
    private final HashingGate gate;

    @Inject
    public PasswordCheck(LoginAttempts attempts, PasswordHasher hasher, HashingGate gate) {
        this.attempts = attempts;
        this.hasher = hasher;
        this.gate = gate;
    }

    /** For the container's proxy. */
    protected PasswordCheck() {
        this(null, null, null);
    }

    /**
     * @param userId     the account the name belongs to, or null for an unknown name (for the audit trail)
     * @param storedHash the hash of the account the name belongs to, or empty for an unknown name
     * @param lockKey    the lowered login name the count is kept under
     * @return true only for the right password of an unlocked name
     * @throws WardenException 403 {@code account_locked} while the name is locked
     */
    public boolean check(UUID userId, Optional<String> storedHash, String lockKey, String password) {
        return check(userId, storedHash, lockKey, password, true);
    }

    /**
     * The same, for the first step of a login that a second factor completes: a right
     * password does not clear the failure count (the second step does, when its code is
     * right), or knowing the password would reset the count between rounds of guessed codes.
     */
    public boolean check(UUID userId, Optional<String> storedHash, String lockKey, String password,
                         boolean clearCountIfRight) {
        attempts.lockedUntil(lockKey).ifPresent(until -> {
            throw locked(until);
        });
        boolean valid = gate.run(() -> {
            if (storedHash.isEmpty()) {
                hasher.verifyDummy(password);
                return false;
            }
            boolean right = hasher.verify(password, storedHash.get());
            if (hasher.cheaperThanConfigured(storedHash.get())) {
                hasher.verifyDummy(password); // as long as any other check: timing reveals nothing
            }
            return right;
        });
        if (!valid) {
            LoginAttempts.Failure failure = attempts.recordFailure(lockKey, userId);
            if (failure.outcome() == LoginAttempts.Outcome.ALREADY_LOCKED) {
                throw locked(failure.lockedUntil());
            }
            return false;
        }
        (clearCountIfRight ? attempts.recordSuccess(lockKey) : attempts.lockedUntil(lockKey)).ifPresent(until -> {
            throw locked(until);
        });
        return true;
    }

    public static WardenException locked(Instant until) {
        return ErrorCode.ACCOUNT_LOCKED.exception()
                .with("locked_until", LoginFailure.shown(until));
    }
}
