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
 * What a sample of the users table says about the searched text (username key, newline,
 * e-mail key), for {@link SearchTerms}; sampled on PostgreSQL by {@link SearchStatistics}.
 * A sample that is stale, or none (H2, no sample yet), only makes searches slower, never
 * their answers different.
 */
@ApplicationScoped
public class SearchSample {

    /** A trigram that at least this share of users have is common: the trigram index is not asked for it. */
    static final int TRIGRAM_SHARE_PERCENT = 5;
    /**
     * A five-character stretch that at least this share of users have (per mille) is frequent:
     * the stretch index is asked only for rarer ones, whose posting lists are short.
     */
    static final int GRAM_SHARE_PER_MILLE = 1;
    /**
     * Sampled users that must share a trigram or stretch for it to count: in a table of a few
     * dozen users 5 % is one or two of them, which says nothing about the next thousand.
     */
    static final int MIN_USERS = 10;
    /** Users sampled at most (whole pages of the table, about that many rows). */
    static final int SAMPLE_ROWS = 30_000;

    /**
     * @param commonTrigrams the trigrams most users have (empty without pg_trgm)
     * @param frequentGrams the five-character stretches that are not rare
     * @param gramIndex whether the stretch index of V12_2 may be asked
     */
    public record Sample(Set<String> commonTrigrams, Set<String> frequentGrams, boolean gramIndex) {
        static final Sample NONE = new Sample(Set.of(), Set.of(), false);
    }

    @PersistenceContext
    EntityManager em;

    private volatile Sample sample = Sample.NONE;

    public Sample get() {
        return sample;
    }

    /** Samples the users table again (PostgreSQL). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void sample() {
        // reltuples: the planner's row count; -1 before the table's first ANALYZE
        double rows = ((Number) em.createNativeQuery("SELECT reltuples FROM pg_class WHERE oid = 'users'::regclass")
                .getSingleResult()).doubleValue();
        if (rows < 0) {
            rows = ((Number) em.createNativeQuery("SELECT count(*) FROM users").getSingleResult()).doubleValue();
        }
        String percent = String.format(Locale.ROOT, "%.4f", rows <= SAMPLE_ROWS ? 100 : Math.max(0.01, 100.0 * SAMPLE_ROWS / rows));
        boolean trgm = !em.createNativeQuery("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").getResultList().isEmpty();
        // the search's function (V12_3) and the index it reads (without the index, each search
        // would call warden_search_grams on every user)
        boolean grams = (Boolean) em.createNativeQuery("SELECT to_regproc('warden_search_ids') IS NOT NULL "
                + "AND to_regclass('ix_users_search_grams') IS NOT NULL").getSingleResult();
        String sampled = "SELECT username_key || chr(10) || email_key AS k FROM users TABLESAMPLE SYSTEM (" + percent + ")";
        sample = new Sample(
                trgm ? shared(sampled, "show_trgm(k)", 10 * TRIGRAM_SHARE_PERCENT) : Set.of(),
                grams ? shared(sampled, "warden_search_grams(k)", GRAM_SHARE_PER_MILLE) : Set.of(),
                grams);
    }

    /**
     * The elements of {@code elements} (a text[] of a sampled k) that at least {@code perMille}
     * of the sampled users have; an element twice in one user's text counts twice, which errs
     * towards leaving it out of the index's question.
     */
    private Set<String> shared(String sampled, String elements, int perMille) {
        // the root locale: in Arabic or Persian, %d writes other digits, which SQL does not read
        @SuppressWarnings("unchecked")
        List<Object> found = em.createNativeQuery(String.format(Locale.ROOT, """
                        WITH s AS (%s)
                        SELECT e FROM (SELECT unnest(%s) AS e FROM s) x
                        GROUP BY e HAVING count(*) >= %d AND count(*) * 1000 >= %d * (SELECT count(*) FROM s)""",
                        sampled, elements, MIN_USERS, perMille))
                .getResultList();
        return found.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
    }
}
