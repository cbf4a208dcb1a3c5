package dev.warden.lockout.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Consecutive failed logins of one login name (an existing user's username key or a
 * name that matched nobody) and the lock they caused. Changed only by atomic UPDATEs.
 */
@Entity
@Table(name = "login_failures")
public class LoginFailure {

    /** Stored for "until an admin unlocks" (lockout duration PT0S); shown as null. */
    public static final Instant FOREVER = Instant.parse("9999-12-31T23:59:59Z");

    @Id
    @Column(name = "login_key")
    private String loginKey;
    @Column(name = "failed_attempts")
    private int failedAttempts;
    @Column(name = "locked_until")
    private Instant lockedUntil;
    @Column(name = "last_failure_at")
    private Instant lastFailureAt;

    protected LoginFailure() {
    }

    public String loginKey() { return loginKey; }
    public Instant lockedUntil() { return lockedUntil; }
    public int failedAttempts() { return failedAttempts; }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    /** The lock end as the API shows it: null while locked until an admin unlocks. */
    public static Instant shown(Instant lockedUntil) {
        return FOREVER.equals(lockedUntil) ? null : lockedUntil;
    }
}
