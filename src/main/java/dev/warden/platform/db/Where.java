package dev.warden.platform.db;

import dev.warden.platform.control.PageRequest;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The filters of a list, built one condition at a time with their parameters, and the page
 * and total they select: the one place list queries are assembled, so every list binds its
 * values as parameters (never into the text) and counts with the same conditions it pages.
 * <pre>new Where().and("u.role = :role", "role", role).page(em, User.class, "User u", "u.createdAt", page)</pre>
 */
public final class Where {

    public record Found<T>(List<T> items, long total) {
    }

    private final StringBuilder text = new StringBuilder(" where 1 = 1");
    private final Map<String, Object> params = new HashMap<>();

    /** Adds a condition with one named parameter. */
    public Where and(String condition, String name, Object value) {
        text.append(" and ").append(condition);
        params.put(name, value);
        return this;
    }

    /** Adds a condition with several named parameters. */
    public Where and(String condition, Map<String, ?> values) {
        text.append(" and ").append(condition);
        params.putAll(values);
        return this;
    }

    /** The conditions, for a query of one's own; bind {@link #params()} to it. */
    public String text() {
        return text.toString();
    }

    public Map<String, Object> params() {
        return params;
    }

    /**
     * One page of {@code select alias from from where ... order by order}, and the count.
     * @param from  the entity and its alias, e.g. "AuditEvent e"
     */
    public <T> Found<T> page(EntityManager em, Class<T> type, String from, String order, PageRequest page) {
        return page(em, type, from, order, page, 0);
    }

    /**
     * As {@link #page(EntityManager, Class, String, String, PageRequest)}, counting at most
     * {@code countCap} matches when it is positive: on a table of millions an exact count
     * would read every match of an index on each page (the audit trail; bench/SCALE.md).
     */
    public <T> Found<T> page(EntityManager em, Class<T> type, String from, String order, PageRequest page,
                             long countCap) {
        String alias = from.substring(from.indexOf(' ') + 1);
        TypedQuery<T> query = em.createQuery("select " + alias + " from " + from + text + " order by " + order, type);
        params.forEach(query::setParameter);
        List<T> items = query.setFirstResult(page.offset()).setMaxResults(page.size()).getResultList();
        if (items.size() < page.size() && (!items.isEmpty() || page.offset() == 0)) {
            // a page that is not full is the last one: the matches are what came before it and
            // on it, without reading them all a second time to count them (bench/SCALE.md)
            long total = (long) page.offset() + items.size();
            return new Found<>(items, countCap > 0 ? Math.min(total, countCap) : total);
        }
        TypedQuery<Long> count = em.createQuery(countCap > 0
                ? "select count(*) from (select " + alias + ".id as id from " + from + text
                        + " order by " + order + " fetch first " + countCap + " rows only) m"
                : "select count(" + alias + ") from " + from + text, Long.class);
        params.forEach(count::setParameter);
        return new Found<>(items, count.getSingleResult());
    }
}
