package dev.warden.users.boundary;

import dev.warden.platform.control.Page;
import dev.warden.platform.control.PageRequest;
import dev.warden.platform.boundary.Params;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.control.UserDirectory;
import dev.warden.users.control.UserImport;
import dev.warden.users.control.UserService;
import dev.warden.users.control.Users;
import dev.warden.users.entity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

/** User administration (admin only). */
@Path("users")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
@SecurityRequirement(name = "bearer")
public class UsersResource {

    @Inject
    UserService service;

    @Inject
    UserDirectory directory;

    @Inject
    Users users;

    @Inject
    UserImport importer;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createUser", summary = "Create a user (201); 400 validation_failed or weak_password, 409 conflict")
    public Response create(@NotNull @Valid CreateUserRequest body, @Context UriInfo uri) {
        var user = service.create(new UserService.NewUser(body.username(), body.email(), body.password(),
                Role.parse(body.role()).orElseThrow(), true));
        return Response.created(uri.getAbsolutePathBuilder().path(user.id().toString()).build())
                .entity(UserView.of(directory.view(user))).build();
    }

    @POST
    @Path("import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "importUsers", summary = "Import users with bcrypt hashes from another system ($2a$, $2b$, $2y$ or Warden's "
            + "bcrypt-sha384:, cost 4..15); they sign in with their old passwords and the hash is upgraded at the "
            + "first login. Each entry is imported in its own transaction; bad entries (invalid field, unknown hash "
            + "format, duplicate) are listed in errors with their index and skipped. Up to 1000 entries per call")
    public ImportResult importUsers(@NotNull @Valid ImportUsersRequest body) {
        return ImportResult.of(importer.importAll(body.users().stream()
                .map(e -> e == null ? null : e.toImport()).toList()));
    }

    @GET
    @Operation(operationId = "listUsers", summary = "List users: page, size (1..100), search (username/email substring), role, active, locked, "
            + "sort (created_at, username, last_login; '-' prefix for descending)")
    public Page<UserView> list(@QueryParam("page") String page, @QueryParam("size") String size,
                               @QueryParam("search") String search, @QueryParam("role") String role,
                               @QueryParam("active") String active, @QueryParam("locked") String locked,
                               @QueryParam("sort") String sort) {
        PageRequest request = Params.page(page, size);
        Role roleFilter = role == null || role.isBlank() ? null : Role.parse(role)
                .orElseThrow(() -> WardenException.invalid("role", "must be admin, analyst or viewer"));
        if (sort != null && !sort.isBlank() && !UserDirectory.knownSort(sort)) {
            throw WardenException.invalid("sort", "must be created_at, username or last_login, optionally prefixed by '-'");
        }
        var result = directory.list(new UserDirectory.Filter(search, roleFilter, Params.bool("active", active),
                Params.bool("locked", locked), sort == null || sort.isBlank() ? null : sort), request);
        return request.answer(result.users().stream().map(UserView::of).toList(), result.total());
    }

    @GET
    @Path("{user_id}")
    @Operation(operationId = "getUser", summary = "A user by id; 404 not_found for an unknown one")
    public UserView get(@PathParam("user_id") String id) {
        return UserView.of(directory.view(users.get(Params.id(id, "User"))));
    }

    @PATCH
    @Path("{user_id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(operationId = "updateUser", summary = "Change email, role or is_active; a role change or deactivation ends the user's sessions; "
            + "409 last_admin")
    public UserView update(@PathParam("user_id") String id, @NotNull @Valid UpdateUserRequest body) {
        var change = new UserService.Change(body.email(), body.role() == null ? null : Role.parse(body.role()).orElseThrow(),
                body.active());
        return UserView.of(directory.view(service.update(Params.id(id, "User"), change)));
    }

    @DELETE
    @Path("{user_id}")
    @Operation(operationId = "deleteUser", summary = "Delete a user; 409 last_admin")
    public Response delete(@PathParam("user_id") String id) {
        service.delete(Params.id(id, "User"));
        return Response.noContent().build();
    }

    @POST
    @Path("{user_id}/unlock")
    @Operation(operationId = "unlockUser", summary = "Clear a lockout")
    public UserView unlock(@PathParam("user_id") String id) {
        return UserView.of(directory.view(service.unlock(Params.id(id, "User"))));
    }
}
