package dev.warden.apikeys.boundary;

import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import dev.warden.platform.boundary.SessionRequired;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.warden.apikeys.control.ApiKeyService;
import dev.warden.platform.control.Caller;
import dev.warden.platform.control.RecentLogin;
import dev.warden.platform.boundary.NoStore;
import dev.warden.platform.control.Page;
import dev.warden.platform.boundary.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;

/** The caller's own API keys. */
@ApplicationScoped
@Path("users/me/api-keys")
@RolesAllowed({"admin", "analyst", "viewer"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "API keys")
public class MyApiKeysResource {

    @Inject
    ApiKeyService keys;

    @Inject
    Caller caller;

    @Inject
    RecentLogin recentLogin;

    @Inject
    Clock clock;

    @POST
    @NoStore
    @Consumes(MediaType.APPLICATION_JSON)
    @SessionRequired
    @Operation(operationId = "createMyApiKey", summary = "Create an API key for the caller",
            description = "The key is in this answer only; sent in the X-API-Key header it acts with the caller's "
                    + "role. expires_days 1..3650, or none for no expiry. Needs a bearer token of a login of the "
                    + "last warden.session.recent-login (5 minutes): a key outlasts the session, so a stolen "
                    + "token must not be able to mint one.")
    @APIResponse(responseCode = "201", description = "The key, shown this once",
            content = @Content(schema = @Schema(implementation = CreatedApiKey.class)),
            headers = @Header(name = "Location", description = "The key's URL"))
    @APIResponse(responseCode = "403", description = "reauthentication_required (the session's login is older than "
            + "warden.session.recent-login, default 5 minutes: log in again and repeat), session_required, forbidden")
    @APIResponse(responseCode = "409", description = "conflict (the caller has a key of that name), "
            + "api_key_limit_reached (warden.api-keys.max-per-user, expired keys included)")
    public Response create(@NotNull @Valid CreateApiKeyRequest body, @Context UriInfo uri) {
        recentLogin.require(caller, "Creating an API key");
        var created = keys.create(caller.userId(), body.keyName(), body.expiresDays());
        return Response.created(uri.getAbsolutePathBuilder().path(created.key().id().toString()).build())
                .entity(CreatedApiKey.of(created)).build();
    }

    @GET
    @Operation(operationId = "listMyApiKeys", summary = "List the caller's API keys",
            description = "Oldest first; never the key itself. last_used is accurate to a minute.")
    public Page<ApiKeyView> list(@QueryParam("page") String page, @QueryParam("size") String size) {
        return ApiKeyPages.of(keys, caller.userId(), page, size, clock);
    }

    @DELETE
    @Path("{key_id}")
    @SessionRequired
    @Operation(operationId = "deleteMyApiKey", summary = "Delete one of the caller's API keys",
            description = "The key stops working at once.")
    @APIResponse(responseCode = "204", description = "The key is deleted")
    @APIResponse(responseCode = "404", description = "not_found: no such key of the caller's")
    public Response delete(@PathParam("key_id") String keyId) {
        caller.requiredSessionId();
        keys.delete(caller.userId(), Params.id(keyId, "API key"));
        return Response.noContent().build();
    }
}
