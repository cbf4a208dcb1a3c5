package dev.warden.alerts.control;

import dev.warden.alerts.entity.AlertType;
import dev.warden.audit.control.AuditQuery;
import dev.warden.audit.control.AuditRecorded;
import dev.warden.audit.entity.Outcome;
import dev.warden.platform.control.BackgroundWork;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns audit events into alerts (SPEC 5.4). It looks at an event only after its change
 * committed, and raises on its own background thread, never the request's: an alert can
 * neither fail nor slow the request that caused it (see {@link BackgroundWork} for why not
 * the container's executor). At most {@value #IN_FLIGHT} raises wait at a time; beyond that
 * (a flood) further ones are dropped, and counted in the log, rather than queued without
 * bound: the open alerts of the flood are raised already.
 */
@ApplicationScoped
public class AlertRules {

    static final int IN_FLIGHT = 500;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(10);
    private static final Logger LOG = Logger.getLogger(AlertRules.class.getName());

    @Inject
    Alerts alerts;

    @Inject
    AuditQuery audit;

    @Inject
    Event<AlertRaised> raised;

    @Inject
    @ConfigProperty(name = "warden.alerts.failed-logins-per-address", defaultValue = "20")
    int failuresPerAddress;

    @Resource
    ManagedThreadFactory threads;

    private final BackgroundWork work = new BackgroundWork("warden-alerts");
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final AtomicLong dropped = new AtomicLong();

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        work.start(threads, 1);
    }

    @PreDestroy
    void stop() {
        work.stop();
    }

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) AuditRecorded event) {
        if (!relevant(event)) {
            return;
        }
        if (!inFlight.tryAcquire()) {
            if (dropped.getAndIncrement() % 1000 == 0) {
                LOG.warning("Alert evaluation is saturated; dropping some (" + dropped.get() + " so far)");
            }
            return;
        }
        boolean queued = work.execute(() -> {
            try {
                evaluate(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not raise an alert for a {0} event: {1}",
                        new Object[]{event.type().value(), e.toString()});
            } finally {
                inFlight.release();
            }
        });
        if (!queued) {
            inFlight.release();
        }
    }

    private static boolean relevant(AuditRecorded event) {
        return switch (event.type()) {
            case ACCOUNT_LOCKED, REFRESH_TOKEN_REUSED, ROLE_CHANGED, USER_CREATED, TWOFA_DISABLED,
                 TWOFA_RESET_BY_ADMIN -> true;
            case LOGIN -> event.outcome() == Outcome.FAILURE && event.ipNetwork() != null;
            default -> false;
        };
    }

    void evaluate(AuditRecorded event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("audit_event_id", event.id());
        switch (event.type()) {
            case ACCOUNT_LOCKED -> {
                details.put("locked_until", event.details().get("locked_until"));
                raise(AlertType.ACCOUNT_LOCKED, event.targetUserId(),
                        event.targetUserId() == null ? event.ipAddress() : null, details);
            }
            case REFRESH_TOKEN_REUSED -> {
                details.put("session_id", event.details().get("session_id"));
                raise(AlertType.REFRESH_TOKEN_REUSED, event.targetUserId(), null, details);
            }
            case ROLE_CHANGED -> {
                if ("admin".equals(event.details().get("to"))) {
                    details.put("granted_by", event.actorId());
                    raise(AlertType.ADMIN_ROLE_GRANTED, event.targetUserId(), null, details);
                }
            }
            case USER_CREATED -> {
                if ("admin".equals(event.details().get("role"))) {
                    details.put("granted_by", event.actorId());
                    raise(AlertType.ADMIN_ROLE_GRANTED, event.targetUserId(), null, details);
                }
            }
            case TWOFA_DISABLED -> raise(AlertType.TWOFA_DISABLED, event.targetUserId(), null, details);
            case TWOFA_RESET_BY_ADMIN -> {
                details.put("reset_by", event.actorId());
                raise(AlertType.TWOFA_RESET_BY_ADMIN, event.targetUserId(), null, details);
            }
            case LOGIN -> {
                // an IPv6 client counts by its network (warden.client-ipv6-prefix): one host commonly holds a /64
                long failures = audit.failedLoginsFromNetwork(event.ipNetwork(),
                        event.createdAt().minus(FAILURE_WINDOW));
                if (failures > failuresPerAddress) {
                    details.put("failures", failures);
                    details.put("window", FAILURE_WINDOW.toString());
                    raise(AlertType.FAILED_LOGINS_FROM_ADDRESS, null, event.ipNetwork(), details);
                }
            }
            default -> {
            }
        }
    }

    private void raise(AlertType type, java.util.UUID userId, String ip, Map<String, Object> details) {
        alerts.raise(type, userId, ip, details);
        raised.fire(new AlertRaised(type));
    }
}
