package dev.warden.audit.control;

import dev.warden.audit.entity.AuditEvent;
import dev.warden.audit.entity.EventType;
import dev.warden.platform.control.PageRequest;
import dev.warden.platform.db.Where;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads the audit trail, newest first. Each filter has an index of its own that also
 * orders by time (V4__security_data.sql), so a filtered page is an index scan, not a
 * sort of the table. {@link #each} streams every match (for CSV) without holding them.
 */
@ApplicationScoped
public class AuditQuery {

    /**
     * A page's total counts at most this many events: a total of 1,000 means "1,000 or
     * more". An exact count of millions of events would cost every page a read of them
     * all (bench/SCALE.md); deeper than that, narrow with since/until or export the CSV.
     */
    public static final long TOTAL_CAP = 1_000;
    /** Rows fetched per round trip while streaming. */
    static final int FETCH_SIZE = 500;
    /** Newest first; the id breaks ties, as the indexes (..., created_at, id) do. */
    private static final String ORDER = "e.createdAt desc, e.id desc";

    @PersistenceContext
    EntityManager em;

    public record Listing(List<AuditEvent> events, long total) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(AuditFilter filter, PageRequest page) {
        var found = where(filter).page(em, AuditEvent.class, "AuditEvent e", ORDER, page, TOTAL_CAP);
        return new Listing(found.items(), found.total());
    }

    /**
     * Hands every matching event, newest first, to {@code each}, reading them in batches
     * of {@value #FETCH_SIZE} from an open cursor (a transaction is needed for PostgreSQL to
     * stream) and detaching each after use, so memory stays flat however many match.
     */
    @Transactional
    public long each(AuditFilter filter, Consumer<AuditEvent> each) {
        Where where = where(filter);
        TypedQuery<AuditEvent> query = em.createQuery("select e from AuditEvent e" + where.text()
                + " order by " + ORDER, AuditEvent.class)
                .setHint("org.hibernate.fetchSize", FETCH_SIZE)
                .setHint("org.hibernate.readOnly", true);
        where.params().forEach(query::setParameter);
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
     * How many logins failed from this client network ({@code ip_network}: an IPv4 address,
     * an IPv6 address's network) since then. Native SQL: the type and outcome are literals in
     * the statement, so that PostgreSQL's partial index of failed logins by network (V13_1) serves
     * every plan of it, a generic one too. Its own transaction: it is asked from container
     * threads that have none.
     */
    @Transactional
    public long failedLoginsFromNetwork(String network, java.time.Instant since) {
        return ((Number) em.createNativeQuery("""
                        SELECT count(*) FROM audit_events
                        WHERE ip_network = ?1 AND created_at >= ?2 AND type = 'login' AND outcome = 'failure'""")
                .setParameter(1, network).setParameter(2, since).getSingleResult()).longValue();
    }

    private static Where where(AuditFilter filter) {
        Where where = new Where();
        if (!filter.types().isEmpty()) {
            where.and("e.type in :types", "types", filter.types().stream().map(EventType::value).toList());
        }
        if (filter.userId() != null) {
            where.and("(e.actorId = :user or e.targetUserId = :user)", "user", filter.userId());
        }
        if (filter.outcome() != null) {
            where.and("e.outcome = :outcome", "outcome", filter.outcome().value());
        }
        if (filter.ipAddress() != null) {
            where.and("e.ipAddress = :ip", "ip", filter.ipAddress());
        }
        if (filter.since() != null) {
            where.and("e.createdAt >= :since", "since", filter.since());
        }
        if (filter.until() != null) {
            where.and("e.createdAt < :until", "until", filter.until());
        }
        return where;
    }
}
