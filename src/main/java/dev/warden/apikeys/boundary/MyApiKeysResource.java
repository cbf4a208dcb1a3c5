package dev.warden.apikeys.boundary;

import dev.warden.apikeys.control.ApiKeyService;
import dev.warden.platform.boundary.Caller;
import dev.warden.platform.boundary.NoStore;
import dev.warden.platform.control.Page;
import dev.warden.platform.boundary.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;

/** The caller's own API keys. */
@Path("users/me/api-keys")
@RolesAllowed({"admin", "analyst", "viewer"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "API keys")
@SecurityRequirement(name = "bearer")
@SecurityRequirement(name = "apiKey")
public class MyApiKeysResource {

    @Inject
    ApiKeyService keys;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @POST
    @NoStore
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createMyApiKey", summary = "Create an API key (201). Needs a bearer token (403 session_required with an API key). The key "
            + "is in this answer only; it acts with the caller's role "
            + "in the X-API-Key header. expires_days 1..3650, or none for no expiry. 409 conflict (name taken), "
            + "409 api_key_limit_reached (warden.api-keys.max-per-user, expired keys included)")
    public Response create(@NotNull @Valid CreateApiKeyRequest body, @Context UriInfo uri) {
        caller.requiredSessionId();
        var created = keys.create(caller.userId(), body.keyName(), body.expiresDays());
        return Response.created(uri.getAbsolutePathBuilder().path(created.key().id().toString()).build())
                .entity(CreatedApiKey.of(created)).build();
    }

    @GET
    @Operation(operationId = "listMyApiKeys", summary = "The caller's API keys, oldest first; never the key itself. last_used is accurate to a minute")
    public Page<ApiKeyView> list(@QueryParam("page") String page, @QueryParam("size") String size) {
        return ApiKeyPages.of(keys, caller.userId(), page, size, clock);
    }

    @DELETE
    @Path("{key_id}")
    @Operation(operationId = "deleteMyApiKey", summary = "Delete one of the caller's API keys; it stops working at once. Needs a bearer token (403 "
            + "session_required with an API key). 404 for another user's key")
    public Response delete(@PathParam("key_id") String keyId) {
        caller.requiredSessionId();
        keys.delete(caller.userId(), Params.id(keyId, "API key"));
        return Response.noContent().build();
    }
}
