package dev.warden.sessions.control;

import java.util.UUID;

/**
 * Fired inside the transaction that ended sessions of a user.
 *
 * @param sessionId the one session that ended, or null when every session of the user
 *                  (but one kept, if any) ended
 * @param count     how many sessions ended
 */
public record SessionEnded(UUID userId, UUID sessionId, String reason, int count) {
}
