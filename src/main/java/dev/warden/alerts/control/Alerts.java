package dev.warden.alerts.control;

import dev.warden.audit.entity.EventType;
import dev.warden.audit.control.Audited;
import dev.warden.audit.control.Audit;
import dev.warden.alerts.entity.Alert;
import dev.warden.alerts.entity.AlertStatus;
import dev.warden.alerts.entity.AlertType;
import dev.warden.audit.control.AuditDetails;
import dev.warden.platform.control.PageRequest;
import dev.warden.platform.db.UniqueViolation;
import dev.warden.platform.db.Where;
import dev.warden.platform.problem.WardenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Raises alerts (deduplicated while open), lists them and moves them between statuses.
 * Raising is one atomic pair of statements: an INSERT that does nothing when an open alert
 * of the same subject exists (the unique open_key), then, if so, an UPDATE that adds one to
 * its count. Two concurrent raises give one alert with count 2, on both databases.
 */
@ApplicationScoped
public class Alerts {

    public record Filter(AlertStatus status, dev.warden.alerts.entity.Severity severity, AlertType type) {
    }

    public record Listing(List<Alert> alerts, long total) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Audit audit;

    /** @return true if a new alert was opened, false if an open one counted a repeat */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean raise(AlertType type, UUID userId, String ipAddress, Map<String, Object> details) {
        Instant now = clock.instant();
        String key = Alert.openKey(type, userId, ipAddress);
        int opened = em.createQuery("""
                        insert into Alert (id, type, severity, status, title, details, userId, ipAddress, occurrences,
                                           openKey, createdAt, updatedAt)
                        values (:id, :type, :severity, 'open', :title, :details, :user, :ip, 1, :key, :now, :now)
                        on conflict do nothing""")
                .setParameter("id", UUID.randomUUID()).setParameter("type", type.value())
                .setParameter("severity", type.severity().value()).setParameter("title", type.title())
                .setParameter("details", AuditDetails.json(details)).setParameter("user", userId)
                .setParameter("ip", ipAddress).setParameter("key", key).setParameter("now", now).executeUpdate();
        if (opened == 1) {
            return true;
        }
        em.createQuery("""
                        update Alert a set a.occurrences = a.occurrences + 1, a.updatedAt = :now, a.details = :details
                        where a.openKey = :key""")
                .setParameter("now", now).setParameter("details", AuditDetails.json(details))
                .setParameter("key", key).executeUpdate();
        return false;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(Filter filter, PageRequest page) {
        Where where = new Where();
        if (filter.status() != null) {
            where.and("a.status = :status", "status", filter.status().value());
        }
        if (filter.severity() != null) {
            where.and("a.severity = :severity", "severity", filter.severity().value());
        }
        if (filter.type() != null) {
            where.and("a.type = :type", "type", filter.type().value());
        }
        var found = where.page(em, Alert.class, "Alert a", "a.createdAt desc, a.id desc", page);
        return new Listing(found.items(), found.total());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Alert get(UUID id) {
        Alert alert = em.find(Alert.class, id);
        if (alert == null) {
            throw WardenException.notFound("Alert");
        }
        return alert;
    }

    /**
     * Moves an alert to a status. Reopening is refused (409) while another alert of the same
     * subject is open: that one already counts the repeats.
     */
    @Transactional
    public Alert changeStatus(UUID id, AlertStatus status) {
        Alert alert = em.find(Alert.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (alert == null) {
            throw WardenException.notFound("Alert");
        }
        String before = alert.status();
        alert.status(status, clock.instant());
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (UniqueViolation.of(e, "uq_alerts_open_key")) {
                throw WardenException.conflict("Another alert about the same user or address is open");
            }
            throw e;
        }
        audit.record(Audited.success(EventType.ALERT_UPDATED).target(alert.userId()).with("alert_id", alert.id())
                .with("alert_type", alert.type()).with("from", before).with("to", status.value()));
        return alert;
    }
}
