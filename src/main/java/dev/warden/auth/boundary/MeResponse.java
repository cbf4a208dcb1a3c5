package dev.warden.auth.boundary;

import dev.warden.users.boundary.UserView;

import java.util.List;

public record MeResponse(UserView user, List<String> permissions) {
}
