package dev.warden.sessions.boundary;

import dev.warden.platform.boundary.Page;
import dev.warden.platform.boundary.Params;
import dev.warden.sessions.control.SessionService;

import java.util.UUID;

/** One page of a user's active sessions, for the caller's own list and the admin's. */
final class SessionPages {

    private SessionPages() {
    }

    static Page<SessionView> of(SessionService sessions, UUID userId, UUID current, String page, String size) {
        int pageNumber = Params.integer("page", page, 1, 1, 1_000_000);
        int pageSize = Params.integer("size", size, 20, 1, 100);
        var listing = sessions.active(userId, pageNumber, pageSize);
        return new Page<>(listing.sessions().stream().map(s -> SessionView.of(s, current)).toList(), listing.total(),
                pageNumber, pageSize);
    }
}
