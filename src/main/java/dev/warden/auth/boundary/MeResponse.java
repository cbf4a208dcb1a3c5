package dev.warden.auth.boundary;

import dev.warden.users.entity.Permission;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.warden.users.boundary.UserView;

import java.util.List;

public record MeResponse(UserView user, @Schema(implementation = Permission.class) List<String> permissions) {
}
