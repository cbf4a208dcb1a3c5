package dev.warden.audit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Warden's own counters in /metrics, counted from the committed audit events so that they
 * agree with the trail: logins by outcome and reason, refreshes, refresh-token reuses,
 * lockouts (alerts count themselves in alerts.control.AlertMetrics). A bean of its own, so
 * that where the server has no MicroProfile Metrics only the counters are missing.
 */
@ApplicationScoped
public class AuditMetrics {

    @Inject
    MetricRegistry metrics;

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) AuditRecorded event) {
        switch (event.type()) {
            case LOGIN, LOGIN_MFA -> metrics.counter("warden_logins_total",
                    new Tag("outcome", event.outcome().value()),
                    new Tag("reason", String.valueOf(event.details().getOrDefault("reason", "none")))).inc();
            case TOKEN_REFRESHED -> metrics.counter("warden_token_refreshes_total").inc();
            case REFRESH_TOKEN_REUSED -> metrics.counter("warden_refresh_token_reuses_total").inc();
            case ACCOUNT_LOCKED -> metrics.counter("warden_lockouts_total").inc();
            default -> {
            }
        }
    }
}
