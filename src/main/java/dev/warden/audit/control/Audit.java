package dev.warden.audit.control;

import dev.warden.audit.entity.AuditEvent;
import dev.warden.platform.control.Caller;
import dev.warden.platform.control.RequestClient;
import dev.warden.platform.control.RequestInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * The one way into the audit trail. {@link #record} joins the transaction of the change it
 * records (and insists on one), so an event exists exactly when its change committed.
 * {@link #recordAlone} is for what must be recorded although the request fails or
 * changes nothing (a refused login, a read of the settings): its own transaction.
 */
@ApplicationScoped
public class Audit {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    RequestClient request;

    @Inject
    Caller caller;

    @Inject
    Event<AuditRecorded> recorded;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Audited event) {
        write(event);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordAlone(Audited event) {
        write(event);
    }

    private void write(Audited event) {
        RequestInfo client = client();
        UUID actor = event.actorId() != null ? event.actorId() : callerId();
        Instant now = clock.instant();
        AuditEvent row = new AuditEvent(event.type(), event.outcome(), actor, event.targetUserId(),
                client == null ? null : client.ipAddress(), client == null ? null : client.network(),
                client == null ? null : client.userAgent(), AuditDetails.json(event.details()), now);
        em.persist(row);
        recorded.fire(new AuditRecorded(row.id(), event.type(), event.outcome(), actor, event.targetUserId(),
                row.ipAddress(), row.ipNetwork(), event.details(), now));
    }

    /** The request's client, or null outside a request (a scheduled job). */
    private RequestInfo client() {
        try {
            return request.info();
        } catch (ContextNotActiveException | IllegalStateException e) {
            return null;
        }
    }

    /** The authenticated user of the request, or null (none, a legacy key, outside a request). */
    private UUID callerId() {
        try {
            return caller.kind().filter(k -> k != Caller.Kind.LEGACY_API_KEY).isPresent()
                    ? caller.userId() : null;
        } catch (ContextNotActiveException | IllegalStateException e) {
            return null;
        }
    }
}
