package dev.warden.users.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The trigrams of the searched text (username key, newline, e-mail key) that at least
 * {@value #SHARE_PERCENT} % of users share, as PostgreSQL's pg_trgm counts them in a sample
 * of the users table, for {@link SearchTerms}; sampled by {@link SearchStatistics}. A set
 * that is stale, or empty (H2, no pg_trgm, no sample yet), only makes searches slower,
 * never their answers different.
 */
@ApplicationScoped
public class CommonTrigrams {

    static final int SHARE_PERCENT = 5;
    /**
     * Sampled users that must share a trigram for it to count: in a table of a few dozen
     * users 5 % is one or two of them, which says nothing about the next thousand.
     */
    static final int MIN_USERS = 10;
    /** Users sampled at most (whole pages of the table, about that many rows). */
    static final int SAMPLE_ROWS = 30_000;

    @PersistenceContext
    EntityManager em;

    private volatile Set<String> common = Set.of();

    public Set<String> get() {
        return common;
    }

    /** Samples the users table again (PostgreSQL); an empty set where pg_trgm is not installed. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void sample() {
        if (em.createNativeQuery("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").getResultList().isEmpty()) {
            common = Set.of();
            return;
        }
        // reltuples: the planner's row count; -1 before the table's first ANALYZE
        double rows = ((Number) em.createNativeQuery("SELECT reltuples FROM pg_class WHERE oid = 'users'::regclass")
                .getSingleResult()).doubleValue();
        if (rows < 0) {
            rows = ((Number) em.createNativeQuery("SELECT count(*) FROM users").getSingleResult()).doubleValue();
        }
        double percent = rows <= SAMPLE_ROWS ? 100 : Math.max(0.01, 100.0 * SAMPLE_ROWS / rows);
        @SuppressWarnings("unchecked")
        List<Object> found = em.createNativeQuery("""
                        WITH s AS (SELECT username_key || chr(10) || email_key AS k
                                   FROM users TABLESAMPLE SYSTEM (%s))
                        SELECT t FROM (SELECT unnest(show_trgm(k)) AS t FROM s) x
                        GROUP BY t HAVING count(*) >= %d AND count(*) * 100 >= %d * (SELECT count(*) FROM s)"""
                        .formatted(String.format(Locale.ROOT, "%.4f", percent), MIN_USERS, SHARE_PERCENT))
                .getResultList();
        common = found.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
    }
}
