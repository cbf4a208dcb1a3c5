package dev.warden.stats.control;

import dev.warden.users.entity.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The admin stats of SPEC 5.4, one aggregate query each. */
@ApplicationScoped
public class Stats {

    public record Snapshot(long users, Map<Role, Long> byRole, long locked, long inactive, long activeSessions,
                           long apiKeysActive, long failedLogins24h, long openAlerts) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional
    public Snapshot now() {
        Instant now = clock.instant();
        Map<Role, Long> byRole = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            byRole.put(role, 0L);
        }
        List<Object[]> roles = em.createQuery("select u.role, count(u) from User u group by u.role", Object[].class)
                .getResultList();
        roles.forEach(row -> byRole.put((Role) row[0], (Long) row[1]));
        long total = byRole.values().stream().mapToLong(Long::longValue).sum();
        long inactive = count("select count(u) from User u where u.active = false", now);
        long locked = count("""
                select count(u) from User u, LoginFailure f
                where f.loginKey = u.usernameKey and f.lockedUntil > :now""", now);
        long sessions = count("select count(s) from Session s where s.revokedAt is null and s.expiresAt > :now", now);
        long keys = count("select count(k) from ApiKey k where k.expiresAt is null or k.expiresAt > :now", now);
        long failures = em.createQuery("""
                        select count(e) from AuditEvent e
                        where e.type = 'login' and e.outcome = 'failure' and e.createdAt >= :since""", Long.class)
                .setParameter("since", now.minus(Duration.ofHours(24))).getSingleResult();
        long alerts = count("select count(a) from Alert a where a.status = 'open'", now);
        return new Snapshot(total, byRole, locked, inactive, sessions, keys, failures, alerts);
    }

    private long count(String query, Instant now) {
        var q = em.createQuery(query, Long.class);
        if (query.contains(":now")) {
            q.setParameter("now", now);
        }
        return q.getSingleResult();
    }
}
