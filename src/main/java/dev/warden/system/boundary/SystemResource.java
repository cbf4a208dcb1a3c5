package dev.warden.system.boundary;

import dev.warden.audit.control.Audit;
import dev.warden.audit.control.Audited;
import dev.warden.audit.entity.EventType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.warden.system.control.Settings;
import dev.warden.system.control.SigningKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/** Operating the service (system:manage, i.e. admin). */
@ApplicationScoped
@Path("system")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "System")
public class SystemResource {

    @Inject
    Settings settings;

    @Inject
    Audit audit;

    @Inject
    SigningKeys signingKeys;

    @GET
    @Path("settings")
    @Operation(operationId = "getSettings", summary = "The effective settings",
            description = "Every setting with its effective value, defaults included; secrets are left out "
                    + "(secrets_configured says which are set); encryption_key_ids names the encryption key this "
                    + "instance seals with and the previous ones it still opens with (README, \"Rotating the "
                    + "encryption key\"), by their ids, never a key; token_signer names who computes this instance's "
                    + "access-token signatures (the native provider where it loads, else Java: README, \"Who signs\").")
    @APIResponse(responseCode = "200", description = "Setting name to value")
    public Map<String, Object> settings() {
        audit.recordAlone(Audited.success(EventType.SETTINGS_VIEWED));
        return settings.effective();
    }

    @POST
    @Path("signing-keys/rotate")
    @Operation(operationId = "rotateSigningKey", summary = "Rotate the key that signs access tokens",
            description = "The standby key (published in the JWKS ahead of use) signs from now on, on every instance; "
                    + "the previous key stops signing but stays in the JWKS, and tokens it signed stay valid, until "
                    + "the longest access-token lifetime (plus 30 s for clock differences) has passed. The new key has "
                    + "the algorithm of warden.jwt.algorithm. Takes no body (a body is ignored). Normally answers at "
                    + "once; if the standby key was published less than 3 s ago (two rotations in a row) it waits "
                    + "that long, so that every instance knows the key before it signs.")
    @APIResponse(responseCode = "200", description = "The key that signs from now on")
    @APIResponse(responseCode = "409", description = "conflict: the signing key is set by warden.jwt.signing-key "
            + "(rotate it by setting another key there)")
    public SigningKeyView rotateSigningKey() {
        return SigningKeyView.of(signingKeys.rotate());
    }
}
