package dev.warden.alerts.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * {@code warden_alerts_raised_total{type}} in /metrics. A bean of its own, apart from
 * {@link AlertRules}: on a server without MicroProfile Metrics (WildFly 38) CDI leaves out
 * a bean whose class needs its types, and then only this counter is missing, never the
 * alerts.
 */
@ApplicationScoped
public class AlertMetrics {

    @Inject
    MetricRegistry metrics;

    void on(@Observes AlertRaised event) {
        metrics.counter("warden_alerts_raised_total", new Tag("type", event.type().value())).inc();
    }
}
