package dev.warden.users.boundary;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.warden.platform.control.Page;
import dev.warden.platform.control.PageRequest;
import dev.warden.platform.boundary.Params;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.control.UserDirectory;
import dev.warden.users.control.UserImport;
import dev.warden.users.control.UserService;
import dev.warden.users.control.Users;
import dev.warden.users.entity.Role;
import dev.warden.users.entity.User;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** User administration (admin only). */
@ApplicationScoped
@Path("users")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
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
    @Operation(operationId = "createUser", summary = "Create a user")
    @APIResponse(responseCode = "201", description = "The new user",
            content = @Content(schema = @Schema(implementation = UserView.class)),
            headers = @Header(name = "Location", description = "The user's URL"))
    @APIResponse(responseCode = "400", description = "validation_failed, weak_password, malformed_json")
    @APIResponse(responseCode = "409", description = "conflict: the username or email is taken")
    public Response create(@NotNull @Valid CreateUserRequest body, @Context UriInfo uri) {
        var user = service.create(new UserService.NewUser(body.username(), body.email(), body.password(),
                Role.parse(body.role()).orElseThrow(), true));
        return Response.created(uri.getAbsolutePathBuilder().path(user.id().toString()).build())
                .entity(UserView.of(directory.view(user))).build();
    }

    @POST
    @Path("import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "importUsers", summary = "Import users with their password hashes",
            description = "Imports bcrypt hashes from another system ($2a$, $2b$, $2y$ or Warden's bcrypt-sha384:, "
                    + "cost 4..15); the users sign in with their old passwords and the hash is upgraded at the first "
                    + "login. Each entry is imported in its own transaction; bad entries (invalid field, unknown hash "
                    + "format, duplicate) are listed in errors with their index and skipped. Up to 1000 entries per "
                    + "call.")
    @APIResponse(responseCode = "200", description = "What was imported and what was skipped, and why")
    public ImportResult importUsers(@NotNull @Valid ImportUsersRequest body) {
        return ImportResult.of(importer.importAll(body.users().stream()
                .map(e -> e == null ? null : e.toImport()).toList()));
    }

    @GET
    @Operation(operationId = "listUsers", summary = "List users", description = "Filtered and sorted; oldest first "
            + "unless sort says otherwise.")
    public Page<UserView> list(
            @QueryParam("page") String page, @QueryParam("size") String size,
            @Parameter(description = "Username or email substring, case-insensitive; no control characters", schema = @Schema(maxLength = User.EMAIL_MAX_LENGTH))
            @QueryParam("search") String search,
            @Parameter(description = "Only users of this role",
                    schema = @Schema(implementation = Role.class)) @QueryParam("role") String role,
            @Parameter(description = "Only active (true) or deactivated (false) users",
                    schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("active") String active,
            @Parameter(description = "Only locked (true) or unlocked (false) users",
                    schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("locked") String locked,
            @Parameter(description = "The order; a '-' prefix sorts descending", schema = @Schema(enumeration = {
                    "created_at", "-created_at", "username", "-username", "last_login", "-last_login"}))
            @QueryParam("sort") String sort) {
        Params.Reading reading = new Params.Reading();
        PageRequest request = Params.page(reading, page, size);
        reading.check(() -> {
            if (search != null && search.length() > User.EMAIL_MAX_LENGTH) {
                throw WardenException.invalid("search", "must be at most " + User.EMAIL_MAX_LENGTH + " characters");
            }
        });
        Role roleFilter = reading.read(() -> role == null || role.isBlank() ? null : Role.parse(role)
                .orElseThrow(() -> WardenException.invalid("role", "must be admin, analyst or viewer")));
        Boolean activeFilter = reading.read(() -> Params.bool("active", active));
        Boolean lockedFilter = reading.read(() -> Params.bool("locked", locked));
        reading.check(() -> {
            if (sort != null && !sort.isBlank() && !UserDirectory.knownSort(sort)) {
                throw WardenException.invalid("sort", "must be created_at, username or last_login, optionally prefixed by '-'");
            }
        });
        reading.done();
        var result = directory.list(new UserDirectory.Filter(search, roleFilter, activeFilter, lockedFilter,
                sort == null || sort.isBlank() ? null : sort), request);
        return request.answer(result.users().stream().map(UserView::of).toList(), result.total());
    }

    @GET
    @Path("{user_id}")
    @Operation(operationId = "getUser", summary = "Get a user")
    public UserView get(@PathParam("user_id") String id) {
        return UserView.of(directory.view(users.get(Params.id(id, "User"))));
    }

    @PATCH
    @Path("{user_id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(operationId = "updateUser", summary = "Change a user's email, role or is_active",
            description = "Only the members sent change (JSON merge patch). None can be removed: null for any is "
                    + "400 validation_failed naming it. A role change or deactivation ends the user's sessions.")
    @APIResponse(responseCode = "200", description = "The user as changed")
    @APIResponse(responseCode = "409", description = "last_admin: the last active admin cannot be demoted or "
            + "deactivated; conflict: the email is taken")
    public UserView update(@PathParam("user_id") String id, @NotNull @Valid UpdateUserRequest body) {
        var change = new UserService.Change(body.email(), body.role() == null ? null : Role.parse(body.role()).orElseThrow(),
                body.active());
        return UserView.of(directory.view(service.update(Params.id(id, "User"), change)));
    }

    @DELETE
    @Path("{user_id}")
    @Operation(operationId = "deleteUser", summary = "Delete a user")
    @APIResponse(responseCode = "204", description = "The user is deleted, with their sessions and keys")
    @APIResponse(responseCode = "409", description = "last_admin: the last active admin cannot be deleted")
    public Response delete(@PathParam("user_id") String id) {
        service.delete(Params.id(id, "User"));
        return Response.noContent().build();
    }

    @POST
    @Path("{user_id}/unlock")
    @Operation(operationId = "unlockUser", summary = "Clear a user's lockout")
    @APIResponse(responseCode = "200", description = "The user, unlocked")
    public UserView unlock(@PathParam("user_id") String id) {
        return UserView.of(directory.view(service.unlock(Params.id(id, "User"))));
    }
}
