package dev.warden.system.boundary;

import dev.warden.system.control.SigningKeyStore;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * The key that signs from now on (SPEC 5.4): its kid (as in the JWKS and in tokens'
 * headers), its algorithm, when it was made (it was published as the standby key since
 * then) and when it started signing.
 */
@JsonbPropertyOrder({"kid", "algorithm", "createdAt", "activatedAt"})
public record SigningKeyView(
        String kid,
        @Schema(enumeration = {"RS256", "ES256"}) String algorithm,
        Instant createdAt,
        Instant activatedAt) {

    static SigningKeyView of(SigningKeyStore.Rotated rotated) {
        return new SigningKeyView(rotated.kid(), rotated.algorithm().name(), rotated.createdAt(), rotated.activatedAt());
    }
}
