package dev.warden.platform.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** Ready only once start-up has run and while the database answers. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Inject
    @WardenDb
    DataSource dataSource;

    @Inject
    DatabaseStatus status;

    @Override
    public HealthCheckResponse call() {
        if (!status.isStarted()) {
            return HealthCheckResponse.named("database").down().withData("started", false).build();
        }
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(5);
            try (ResultSet rs = statement.executeQuery("SELECT 1")) {
                rs.next();
            }
            return HealthCheckResponse.named("database").up().build();
        } catch (Exception e) {
            return HealthCheckResponse.named("database").down().build();
        }
    }
}
