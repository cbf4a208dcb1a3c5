package dev.warden.apikeys.boundary;

import jakarta.annotation.Nullable;
import dev.warden.apikeys.control.ApiKeyService;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Instant;
import java.util.UUID;

/** The answer to a key's creation: the only time the key itself is shown. */
@JsonbNillable
@JsonbPropertyOrder({"id", "keyName", "apiKey", "keyPrefix", "expiresAt", "createdAt"})
public record CreatedApiKey(UUID id, String keyName, String apiKey, String keyPrefix, @Nullable Instant expiresAt,
                            Instant createdAt) {

    public static CreatedApiKey of(ApiKeyService.Created created) {
        var key = created.key();
        return new CreatedApiKey(key.id(), key.name(), created.secret(), key.prefix(), key.expiresAt(),
                key.createdAt());
    }
}
