package dev.warden.apikeys.boundary;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.warden.apikeys.control.ApiKeyService;
import dev.warden.platform.control.Page;
import dev.warden.platform.boundary.Params;
import dev.warden.users.control.Users;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;

/** Any user's API keys, for admins. */
@ApplicationScoped
@Path("users/{user_id}/api-keys")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
public class UserApiKeysResource {

    @Inject
    ApiKeyService keys;

    @Inject
    Users users;

    @Inject
    Clock clock;

    @GET
    @Operation(operationId = "listUserApiKeys", summary = "List a user's API keys",
            description = "Oldest first; never the keys themselves.")
    @APIResponse(responseCode = "404", description = "not_found: no such user")
    public Page<ApiKeyView> list(@PathParam("user_id") String userId, @QueryParam("page") String page,
                                 @QueryParam("size") String size) {
        return ApiKeyPages.of(keys, users.get(Params.id(userId, "User")).id(), page, size, clock);
    }

    @DELETE
    @Path("{key_id}")
    @Operation(operationId = "deleteUserApiKey", summary = "Delete a user's API key",
            description = "The key stops working at once.")
    @APIResponse(responseCode = "204", description = "The key is deleted")
    @APIResponse(responseCode = "404", description = "not_found: no such user, or no such key of that user's")
    public Response delete(@PathParam("user_id") String userId, @PathParam("key_id") String keyId) {
        keys.delete(users.get(Params.id(userId, "User")).id(), Params.id(keyId, "API key"));
        return Response.noContent().build();
    }
}
