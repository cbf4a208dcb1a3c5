package dev.warden.apikeys.boundary;

import dev.warden.apikeys.control.ApiKeyService;
import dev.warden.platform.boundary.Page;
import dev.warden.platform.boundary.Params;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** One page of a user's keys, for the caller's own list and the admin's. */
final class ApiKeyPages {

    private ApiKeyPages() {
    }

    static Page<ApiKeyView> of(ApiKeyService keys, UUID userId, String page, String size, Clock clock) {
        int pageNumber = Params.integer("page", page, 1, 1, 1_000_000);
        int pageSize = Params.integer("size", size, 20, 1, 100);
        var listing = keys.list(userId, pageNumber, pageSize);
        Instant now = clock.instant();
        return new Page<>(listing.keys().stream().map(k -> ApiKeyView.of(k, now)).toList(), listing.total(),
                pageNumber, pageSize);
    }
}
