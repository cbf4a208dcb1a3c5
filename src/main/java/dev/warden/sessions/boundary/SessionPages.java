package dev.warden.sessions.boundary;

import dev.warden.platform.boundary.Params;
import dev.warden.platform.control.Page;
import dev.warden.platform.control.PageRequest;
import dev.warden.sessions.control.SessionService;

import java.util.UUID;

/** One page of a user's active sessions, for the caller's own list and the admin's. */
final class SessionPages {

    private SessionPages() {
    }

    static Page<SessionView> of(SessionService sessions, UUID userId, UUID current, String page, String size) {
        PageRequest request = Params.page(page, size);
        var listing = sessions.active(userId, request);
        return request.answer(listing.sessions().stream().map(s -> SessionView.of(s, current)).toList(),
                listing.total());
    }
}
