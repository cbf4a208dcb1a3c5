package dev.warden.system.boundary;

import dev.warden.audit.control.Audit;
import dev.warden.audit.control.Audited;
import dev.warden.audit.entity.EventType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.warden.system.control.Settings;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/** Operating the service (system:manage, i.e. admin). */
@Path("system")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "System")
public class SystemResource {

    @Inject
    Settings settings;

    @Inject
    Audit audit;

    @GET
    @Path("settings")
    @Operation(operationId = "getSettings", summary = "The effective settings",
            description = "Every setting with its effective value, defaults included; secrets are left out "
                    + "(secrets_configured says which are set).")
    @APIResponse(responseCode = "200", description = "Setting name to value")
    public Map<String, Object> settings() {
        audit.recordAlone(Audited.success(EventType.SETTINGS_VIEWED));
        return settings.effective();
    }
}
