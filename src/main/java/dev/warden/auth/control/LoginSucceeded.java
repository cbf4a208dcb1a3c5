package dev.warden.auth.control;

import dev.warden.platform.control.RequestInfo;

import java.util.UUID;

/** Fired after a login opened a session (its transaction committed). */
public record LoginSucceeded(UUID userId, UUID sessionId, RequestInfo client) {
}
