package dev.warden.stats.boundary;

import dev.warden.stats.control.Stats;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin stats. */
@ApplicationScoped
@Path("admin/stats")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "System")
public class StatsResource {

    @Inject
    Stats stats;

    @GET
    @Operation(operationId = "getAdminStats", summary = "Counts for an admin dashboard",
            description = "users (total, by role, locked now, deactivated), active sessions, API keys not expired, "
                    + "failed logins in the last 24 hours, open alerts.")
    public StatsView get() {
        return StatsView.of(stats.now());
    }
}
