package dev.warden.audit.control;

import dev.warden.audit.entity.AuditEvent;
import dev.warden.audit.entity.EventType;
import dev.warden.platform.control.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads the audit trail, newest first. Each filter has an index of its own that also
 * orders by time (V4__security_data.sql), so a filtered page is an index scan, not a
 * sort of the table. {@link #each} streams every match (for CSV) without holding them.
 */
@ApplicationScoped
public class AuditQuery {

    /** Rows fetched per round trip while streaming. */
    static final int FETCH_SIZE = 500;

    @PersistenceContext
    EntityManager em;

    public record Listing(List<AuditEvent> events, long total) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(AuditFilter filter, PageRequest page) {
        Map<String, Object> params = new HashMap<>();
        String where = where(filter, params);
        TypedQuery<AuditEvent> query = em.createQuery("select e from AuditEvent e" + where
                + " order by e.createdAt desc, e.id desc", AuditEvent.class);
        TypedQuery<Long> count = em.createQuery("select count(e) from AuditEvent e" + where, Long.class);
        params.forEach((name, value) -> {
            query.setParameter(name, value);
            count.setParameter(name, value);
        });
        List<AuditEvent> events = query.setFirstResult(page.offset()).setMaxResults(page.size()).getResultList();
        return new Listing(events, count.getSingleResult());
    }

    /**
     * Hands every matching event, newest first, to {@code each}, reading them in batches
     * of {@value #FETCH_SIZE} from an open cursor (a transaction is needed for PostgreSQL to
     * stream) and detaching each after use, so memory stays flat however many match.
     */
    @Transactional
    public long each(AuditFilter filter, Consumer<AuditEvent> each) {
        Map<String, Object> params = new HashMap<>();
        TypedQuery<AuditEvent> query = em.createQuery("select e from AuditEvent e" + where(filter, params)
                + " order by e.createdAt desc, e.id desc", AuditEvent.class)
                .setHint("org.hibernate.fetchSize", FETCH_SIZE)
                .setHint("org.hibernate.readOnly", true);
        params.forEach(query::setParameter);
        long[] count = {0};
        try (Stream<AuditEvent> events = query.getResultStream()) {
            events.forEach(event -> {
                each.accept(event);
                em.detach(event);
                count[0]++;
            });
        }
        return count[0];
    }

    /**
     * How many events of this type and outcome came from this address since then (an index
     * range scan). Its own transaction: it is asked from container threads that have none.
     */
    @Transactional
    public long countFromAddress(EventType type, dev.warden.audit.entity.Outcome outcome, String ipAddress,
                                 java.time.Instant since) {
        return em.createQuery("""
                        select count(e) from AuditEvent e
                        where e.ipAddress = :ip and e.createdAt >= :since and e.type = :type and e.outcome = :outcome""",
                        Long.class)
                .setParameter("ip", ipAddress).setParameter("since", since).setParameter("type", type.value())
                .setParameter("outcome", outcome.value()).getSingleResult();
    }

    private static String where(AuditFilter filter, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        if (!filter.types().isEmpty()) {
            where.append(" and e.type in :types");
            params.put("types", filter.types().stream().map(EventType::value).toList());
        }
        if (filter.userId() != null) {
            where.append(" and (e.actorId = :user or e.targetUserId = :user)");
            params.put("user", filter.userId());
        }
        if (filter.outcome() != null) {
            where.append(" and e.outcome = :outcome");
            params.put("outcome", filter.outcome().value());
        }
        if (filter.ipAddress() != null) {
            where.append(" and e.ipAddress = :ip");
            params.put("ip", filter.ipAddress());
        }
        if (filter.since() != null) {
            where.append(" and e.createdAt >= :since");
            params.put("since", filter.since());
        }
        if (filter.until() != null) {
            where.append(" and e.createdAt < :until");
            params.put("until", filter.until());
        }
        return where.toString();
    }
}
