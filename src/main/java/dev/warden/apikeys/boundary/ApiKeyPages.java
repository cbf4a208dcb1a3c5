package dev.warden.apikeys.boundary;

import dev.warden.platform.boundary.Params;
import dev.warden.apikeys.control.ApiKeyService;
import dev.warden.platform.control.Page;
import dev.warden.platform.control.PageRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** One page of a user's keys, for the caller's own list and the admin's. */
final class ApiKeyPages {

    private ApiKeyPages() {
    }

    static Page<ApiKeyView> of(ApiKeyService keys, UUID userId, String page, String size, Clock clock) {
        PageRequest request = Params.page(page, size);
        var listing = keys.list(userId, request);
        Instant now = clock.instant();
        return request.answer(listing.keys().stream().map(k -> ApiKeyView.of(k, now)).toList(), listing.total());
    }
}
