package dev.warden.lockout.control;

import java.util.UUID;
import dev.warden.audit.entity.EventType;
import dev.warden.audit.control.Audited;
import dev.warden.audit.control.Audit;
import dev.warden.lockout.entity.LoginFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import dev.warden.platform.db.ClusterCache;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lockout state per login name. Every change is one conditional UPDATE (or DELETE), so
 * concurrent failures are counted exactly and no failure is counted against a name
 * that is already locked: with N parallel wrong passwords exactly
 * {@code max-failed-attempts} are counted. An expired lock starts a new count.
 */
@ApplicationScoped
public class LoginAttempts {

    public enum Outcome { COUNTED, LOCKED_NOW, ALREADY_LOCKED }

    public record Failure(Outcome outcome, Instant lockedUntil) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    ClusterCache cache;

    @Inject
    Audit audit;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "warden.lockout.max-failed-attempts", defaultValue = "5")
    int maxFailedAttempts;

    @Inject
    @ConfigProperty(name = "warden.lockout.duration", defaultValue = "PT30M")
    Duration lockDuration;

    /** The end of the lock on this name, if it is locked now. */
    @Transactional
    public Optional<Instant> lockedUntil(String loginKey) {
        Instant now = clock.instant();
        return count(loginKey).filter(c -> c.lockedAt(now)).map(Count::lockedUntil);
    }

    /** A name's count and lock as the database has them at this moment. */
    private record Count(int failedAttempts, Instant lockedUntil) {
        boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    /**
     * Read with a query of the columns, never as an entity: the count changes only by the
     * statements below, which do not touch an instance this transaction read before them,
     * and {@code em.find} answers that instance as it was read. (Until 2026-12-04 the second
     * step of an MFA login read the count when it began and so took the state before its own
     * counting for the state after: the wrong code that locked the account recorded no
     * {@code account_locked} and raised no alert, and a lock set by a concurrent failure
     * between the step's start and its success went unseen.)
     */
    private Optional<Count> count(String loginKey) {
        return em.createQuery("select f.failedAttempts, f.lockedUntil from LoginFailure f where f.loginKey = :key",
                        Object[].class).setParameter("key", loginKey).getResultStream().findFirst()
                .map(row -> new Count(((Number) row[0]).intValue(), (Instant) row[1]));
    }

    /** Locks of several names at once (for user lists). */
    @Transactional
    public Map<String, LoginFailure> locks(Collection<String> loginKeys) {
        if (loginKeys.isEmpty()) {
            return Map.of();
        }
        Instant now = clock.instant();
        List<LoginFailure> rows = em.createQuery(
                        "select f from LoginFailure f where f.loginKey in :keys and f.lockedUntil > :now", LoginFailure.class)
                .setParameter("keys", loginKeys).setParameter("now", now).getResultList();
        return rows.stream().collect(Collectors.toMap(LoginFailure::loginKey, Function.identity()));
    }

    /** Counts a failure of the name; the failure that locks it records account_locked, in its transaction. */
    @Transactional
    public Failure recordFailure(String loginKey, UUID userId) {
        Instant now = clock.instant();
        Instant until = lockDuration.isZero() || lockDuration.isNegative() ? LoginFailure.FOREVER : now.plus(lockDuration);
        em.createQuery("""
                        insert into LoginFailure (loginKey, failedAttempts, lastFailureAt)
                        values (:key, 0, :now) on conflict do nothing""")
                .setParameter("key", loginKey).setParameter("now", now).executeUpdate();
        // the cast names its type in full: Hibernate lower-cases a short name ("Instant") in the
        // server's locale, and in Turkish that has a dotless i, a type it does not know (the
        // failure was never counted: no lockout at all; it.ServerLocale)
        int counted = em.createQuery("""
                        update LoginFailure f set
                          f.failedAttempts = case when f.lockedUntil is null then f.failedAttempts + 1 else 1 end,
                          f.lockedUntil = case
                              when (case when f.lockedUntil is null then f.failedAttempts + 1 else 1 end) >= :max
                              then cast(:until as java.time.Instant) else null end,
                          f.lastFailureAt = :now
                        where f.loginKey = :key and (f.lockedUntil is null or f.lockedUntil <= :now)""")
                .setParameter("max", maxFailedAttempts).setParameter("until", until)
                .setParameter("now", now).setParameter("key", loginKey).executeUpdate();
        Count row = count(loginKey).orElse(null);
        if (counted == 0) {
            return new Failure(Outcome.ALREADY_LOCKED, row == null ? null : row.lockedUntil());
        }
        if (row.lockedAt(now)) {
            cache.invalidate(); // the owner's API keys stop on every instance before this answers
            audit.record(Audited.success(EventType.ACCOUNT_LOCKED).actor(userId).target(userId)
                    .with("failed_attempts", row.failedAttempts())
                    .with("locked_until", LoginFailure.shown(row.lockedUntil()))
                    .with("known_user", userId != null));
            return new Failure(Outcome.LOCKED_NOW, row.lockedUntil());
        }
        return new Failure(Outcome.COUNTED, null);
    }

    /**
     * The same in a transaction of its own, for a failure found inside a transaction that
     * then rolls back (a wrong 2FA code at a self-service change): the count must stay.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Failure recordFailureAlone(String loginKey, UUID userId) {
        return recordFailure(loginKey, userId);
    }

    /**
     * Clears the count after a correct password, unless the name got locked meanwhile
     * (by concurrent failures): then the lock end, and the login must be refused.
     */
    @Transactional
    public Optional<Instant> recordSuccess(String loginKey) {
        Instant now = clock.instant();
        int cleared = em.createQuery(
                        "delete from LoginFailure f where f.loginKey = :key and (f.lockedUntil is null or f.lockedUntil <= :now)")
                .setParameter("key", loginKey).setParameter("now", now).executeUpdate();
        if (cleared > 0) {
            return Optional.empty();
        }
        return lockedUntil(loginKey);
    }

    @Transactional
    public void clear(String loginKey) {
        em.createQuery("delete from LoginFailure f where f.loginKey = :key")
                .setParameter("key", loginKey).executeUpdate();
    }
}
