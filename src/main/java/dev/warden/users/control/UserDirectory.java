package dev.warden.users.control;

import dev.warden.lockout.control.LoginAttempts;
import dev.warden.lockout.entity.LoginFailure;
import dev.warden.platform.control.PageRequest;
import dev.warden.platform.db.ClusterCache;
import dev.warden.platform.db.Reads;
import dev.warden.platform.db.Where;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.entity.Role;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads users for display, with their lock state (kept apart, in login_failures). A
 * user's own view ({@link #view(UUID)}, GET /auth/me on every page of a client) is kept in
 * the cluster-coherent {@link ClusterCache}: every change of what it shows calls
 * {@link #changed} in its transaction, and the view is dropped on every instance before
 * that change answers.
 */
@ApplicationScoped
public class UserDirectory {

    public record Listed(User user, Optional<Instant> lockedUntil) {
    }

    public record Filter(String search, Role role, Boolean active, Boolean locked, String sort) {
        public Filter {
            if (search != null && search.chars().anyMatch(Character::isISOControl)) {
                // no username or e-mail contains one, and the search joins the two with one
                throw WardenException.invalid("search", "must not contain control characters");
            }
        }
    }

    public record Result(List<Listed> users, long total) {
    }

    private static final Map<String, String> SORTS = Map.of(
            "created_at", "u.createdAt asc, u.id asc",
            "-created_at", "u.createdAt desc, u.id desc",
            "username", "u.usernameKey asc",
            "-username", "u.usernameKey desc",
            "last_login", "u.lastLogin asc nulls last, u.id asc",
            "-last_login", "u.lastLogin desc nulls last, u.id desc");

    @PersistenceContext
    EntityManager em;

    @Inject
    LoginAttempts attempts;

    @Inject
    Clock clock;

    @Inject
    ClusterCache cache;

    @Inject
    Reads reads;

    @Inject
    SearchSample searchSample;

    static final String OWN_VIEWS = "own-user-views";

    /**
     * Joins the username and e-mail keys in the searched text; the index expressions of
     * V11_1__user_search_index.sql and V12_2__user_search_grams.sql, and the search function
     * of V12_3__user_search_ids.sql, repeat it character for character.
     */
    static final char SEARCH_SEPARATOR = '\n';
    private static final String SEARCHED = "(u.usernameKey || '" + SEARCH_SEPARATOR + "' || u.emailKey)";

    public static boolean knownSort(String sort) {
        return SORTS.containsKey(sort);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Result list(Filter filter, PageRequest page) {
        Where where = new Where();
        if (filter.search() != null && !filter.search().isBlank()) {
            // one text of both keys, which one index serves with one scan (an OR of the two
            // columns took two); the separator is a character no key and no search (Filter)
            // contains, so no match spans the two
            String key = User.key(filter.search());
            SearchSample.Sample sample = searchSample.get();
            List<String> grams = sample.gramIndex() ? SearchTerms.grams(key, sample.frequentGrams()) : List.of();
            List<String> parts = grams.isEmpty() ? SearchTerms.parts(key, sample.commonTrigrams()) : List.of();
            if (!grams.isEmpty()) {
                // the ids of the users with a few rare five-character stretches of the key
                // (SearchTerms.grams) and the whole key, from the stretch index, with one plan
                // kept for every such search (the function of V12_3, PostgreSQL only)
                where.and("u.id in (select cast(function('warden_search_ids', :grams, :search) as java.util.UUID))",
                        Map.of("grams", String.join("\n", grams), "search", key));
            } else if (parts.isEmpty()) {
                where.and(SEARCHED + " like :search escape '!'", "search", "%" + escapeLike(key) + "%");
            } else {
                // the trigram index asked for the parts between trigrams most users share
                // (SearchTerms.parts); the whole key checked on the rows it finds (locate is no
                // index condition)
                for (int i = 0; i < parts.size(); i++) {
                    where.and(SEARCHED + " like :part" + i + " escape '!'", "part" + i, "%" + escapeLike(parts.get(i)) + "%");
                }
                where.and("locate(:search, " + SEARCHED + ") > 0", "search", key);
            }
        }
        if (filter.role() != null) {
            where.and("u.role = :role", "role", filter.role());
        }
        if (filter.active() != null) {
            where.and("u.active = :active", "active", filter.active());
        }
        if (filter.locked() != null) {
            where.and((filter.locked() ? "" : "not ") + "exists (select f.loginKey from LoginFailure f "
                    + "where f.loginKey = u.usernameKey and f.lockedUntil > :now)", "now", clock.instant());
        }
        String order = SORTS.getOrDefault(filter.sort() == null ? "created_at" : filter.sort(), SORTS.get("created_at"));
        var found = where.page(em, User.class, "User u", order, page);
        return new Result(withLocks(found.items()), found.total());
    }

    /**
     * One user with its lock state: the caller's own view, asked on every GET /auth/me.
     * Loaded outside any caller's transaction, so that the entity kept in memory is nobody's
     * managed instance; it is never changed, only read. A view found in memory is answered
     * without any interceptor ({@link Reads}).
     */
    public Optional<Listed> view(UUID id) {
        Instant now = clock.instant();
        return cache.get(OWN_VIEWS, id, key -> reads.outsideTransaction(() -> load(key)))
                .map(v -> v.lockedUntil().filter(until -> !until.isAfter(now)).isPresent()
                        ? new Listed(v.user(), Optional.empty()) : v); // a lock that has ended since
    }

    /**
     * Drops the user's own view on every instance before the current transaction's request
     * answers: for every change of the user's row or lock. Call it last in the transaction
     * (it takes the cache's epoch lock, see {@link ClusterCache#invalidate(String, UUID)}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(UUID id) {
        cache.invalidate(OWN_VIEWS, id);
    }

    private Optional<Listed> load(UUID id) {
        return em.createQuery("""
                        select u, f.lockedUntil from User u
                        left join LoginFailure f on f.loginKey = u.usernameKey and f.lockedUntil > :now
                        where u.id = :id""", Object[].class)
                .setParameter("id", id).setParameter("now", clock.instant())
                .getResultStream().findFirst()
                .map(row -> new Listed((User) row[0], Optional.ofNullable((Instant) row[1])));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Listed view(User user) {
        return withLocks(List.of(user)).get(0);
    }

    private List<Listed> withLocks(List<User> users) {
        Map<String, LoginFailure> locks = attempts.locks(users.stream().map(User::usernameKey).toList());
        return users.stream()
                .map(u -> new Listed(u, Optional.ofNullable(locks.get(u.usernameKey())).map(LoginFailure::lockedUntil)))
                .toList();
    }

    static String escapeLike(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
