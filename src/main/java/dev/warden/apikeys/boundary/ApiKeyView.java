package dev.warden.apikeys.boundary;

import jakarta.annotation.Nullable;
import dev.warden.apikeys.entity.ApiKey;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Instant;
import java.util.UUID;

/** An API key as lists show it: never the key. is_active is false once it expired. */
@JsonbNillable
@JsonbPropertyOrder({"id", "keyName", "keyPrefix", "active", "expiresAt", "lastUsed", "createdAt"})
public record ApiKeyView(
        UUID id,
        String keyName,
        String keyPrefix,
        @JsonbProperty("is_active") boolean active,
        @Nullable Instant expiresAt,
        @Nullable Instant lastUsed,
        Instant createdAt) {

    public static ApiKeyView of(ApiKey key, Instant now) {
        return new ApiKeyView(key.id(), key.name(), key.prefix(), key.activeAt(now), key.expiresAt(), key.lastUsed(),
                key.createdAt());
    }
}
