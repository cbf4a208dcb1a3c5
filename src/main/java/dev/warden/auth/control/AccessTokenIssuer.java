package dev.warden.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.warden.system.control.SigningKeys;
import dev.warden.users.entity.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Signs access tokens (the active key's algorithm, with its kid) carrying the claims of SPEC section 6. */
@ApplicationScoped
public class AccessTokenIssuer {

    @Inject
    SigningKeys keys;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "warden.jwt.issuer", defaultValue = "warden")
    String issuer;

    @Inject
    @ConfigProperty(name = "warden.jwt.audience", defaultValue = "warden")
    String audience;

    @Inject
    @ConfigProperty(name = "warden.jwt.access-token-ttl", defaultValue = "PT15M")
    Duration accessTokenTtl;

    public record AccessToken(String value, long expiresIn) {
    }

    /** A token never outlives its session. */
    public AccessToken issue(UUID userId, String username, Role role, UUID sessionId, Instant sessionExpiresAt) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(accessTokenTtl);
        if (sessionExpiresAt.isBefore(expires)) {
            expires = sessionExpiresAt.truncatedTo(ChronoUnit.SECONDS);
        }
        SigningKeys.Signer key = keys.signer();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(userId.toString())
                .claim("upn", username)
                .claim("groups", List.of(role.value()))
                .jwtID(UUID.randomUUID().toString())
                .claim("sid", sessionId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(key.algorithm())
                .keyID(key.kid()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign an access token", e);
        }
        return new AccessToken(jwt.serialize(), Duration.between(now, expires).toSeconds());
    }
}
