package dev.warden.platform.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Instant;
import java.util.Optional;

/**
 * Ready once start-up has run and while the database answers: no outage is known, and the
 * database takes a connection of its own ({@link DatabaseStatus#answers()}, asked at most
 * every two seconds). A dry pool does not make Warden unready: it is what load that every
 * instance shares looks like, and taking every instance out of the load balancer for it
 * would refuse everything where each still answers most requests.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Inject
    DatabaseStatus status;

    @Override
    public HealthCheckResponse call() {
        if (!status.isStarted()) {
            return HealthCheckResponse.named("database").down().withData("started", false).build();
        }
        boolean answers = status.answers();
        // an outage known, or begun by this very question
        Optional<Instant> outage = status.outageSince();
        if (outage.isPresent()) {
            return HealthCheckResponse.named("database").down()
                    .withData("unavailable_since", outage.get().toString()).build();
        }
        return HealthCheckResponse.named("database").status(answers).build();
    }
}
