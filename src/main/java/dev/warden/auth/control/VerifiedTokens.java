package dev.warden.auth.control;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.SignedJWT;
import dev.warden.system.control.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import dev.warden.platform.control.JsonConfig;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.io.ByteArrayInputStream;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens this instance has seen verified, so that a client sending the same
 * token again is not verified again: MicroProfile JWT verifies every token the first time
 * (signature, issuer, audience, expiry, required claims), then Warden's own rules below;
 * a token that passed both is remembered by its exact text until its {@code exp}.
 * <p>
 * What can change about a remembered token is checked on every use: its expiry, and
 * that its key is still published with the token's algorithm (a retired key's tokens
 * stop at once, as they do in MicroProfile JWT). Its session is checked on every request
 * elsewhere ({@code CredentialFilter}). Only verified tokens enter, so a client cannot
 * fill the memory with garbage; it holds at most {@value #MAX_ENTRIES}.
 * <p>
 * Warden's rules, which MicroProfile JWT leaves unchecked (PLATFORM-NOTES 9): a token must
 * name a published key ({@code kid}) with that key's algorithm (no RS256/ES256
 * confusion) and carry no key-location header ({@code jku}, {@code jwk}, {@code x5u},
 * {@code x5c}), no {@code crit} and no {@code cty} (a nested JWT), {@code typ} JWT;
 * its {@code nbf} and {@code iat} must not be in the future; it is at most
 * {@value #MAX_TOKEN_CHARS} characters, and its header and claims are JSON without a
 * member named twice, with each registered claim of its JSON type ({@link #wellFormed}).
 */
@ApplicationScoped
public class VerifiedTokens {

    static final int MAX_ENTRIES = 10_000;
    static final long SKEW_SECONDS = 30;
    /** Warden's own tokens are under 1.5 KB; anything far larger is not one of them. */
    public static final int MAX_TOKEN_CHARS = 4096;


    /**
     * A token both checks passed, with what the container needs to know of its caller and
     * the user and session it names, read once: MicroProfile JWT's {@code getClaim} throws
     * and catches an exception for every claim name it has no constant for ({@code sid}).
     */
    public record Verified(JsonWebToken token, Set<String> groups, String kid, String algorithm,
                           long expiresAt, UUID userId, UUID sessionId) {
    }

    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    @Inject
    SigningKeys keys;

    @Inject
    Clock clock;

    /** The remembered token, if it is still within its expiry and its key is still published. */
    public Optional<Verified> recall(String rawToken) {
        Verified found = verified.get(rawToken);
        if (found == null) {
            return Optional.empty();
        }
        if (clock.millis() / 1000 >= found.expiresAt() || !keyStillFits(found.kid(), found.algorithm())) {
            verified.remove(rawToken, found);
            return Optional.empty();
        }
        return Optional.of(found);
    }

    /**
     * Applies Warden's rules to a token MicroProfile JWT accepted and remembers it if they
     * hold. Answers it if it may act (empty if not); a remembered token is not checked again.
     */
    public Optional<Verified> admit(JsonWebToken token) {
        String raw = token.getRawToken();
        if (raw == null) {
            return Optional.empty();
        }
        Verified known = verified.get(raw);
        if (known != null && known.token() == token) {
            return Optional.of(known);
        }
        Optional<JsonObject> claims = raw.length() > MAX_TOKEN_CHARS ? Optional.empty() : claimsOf(raw);
        Optional<UUID> userId = claims.flatMap(c -> uuid(c, "sub"));
        Optional<UUID> sessionId = claims.flatMap(c -> uuid(c, "sid"));
        if (userId.isEmpty() || sessionId.isEmpty()) {
            return Optional.empty();
        }
        Optional<JWSHeader> fitting = fittingHeader(raw);
        if (fitting.isEmpty()) {
            return Optional.empty();
        }
        JWSHeader header = fitting.get();
        String algorithm = header.getAlgorithm().getName();
        Instant latest = clock.instant().plusSeconds(SKEW_SECONDS);
        Long notBefore = token.getClaim("nbf") instanceof Number n ? n.longValue() : null;
        if (notBefore != null && Instant.ofEpochSecond(notBefore).isAfter(latest)) {
            return Optional.empty();
        }
        if (Instant.ofEpochSecond(token.getIssuedAtTime()).isAfter(latest)) {
            return Optional.empty();
        }
        if (verified.size() >= MAX_ENTRIES) {
            long now = clock.millis() / 1000;
            verified.values().removeIf(v -> now >= v.expiresAt());
            if (verified.size() >= MAX_ENTRIES) {
                verified.clear();
            }
        }
        Set<String> groups = token.getGroups() == null ? Set.of() : Set.copyOf(token.getGroups());
        Verified admitted = new Verified(token, groups, header.getKeyID(), algorithm, token.getExpirationTime(),
                userId.get(), sessionId.get());
        verified.put(raw, admitted);
        return Optional.of(admitted);
    }

    /** A claim that must be a UUID (Warden writes {@code sub} and {@code sid} so). */
    private static Optional<UUID> uuid(JsonObject claims, String name) {
        try {
            return claims.get(name) instanceof JsonString value ? Optional.of(UUID.fromString(value.getString()))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a token not seen before is worth handing to MicroProfile JWT: no longer than
     * {@value #MAX_TOKEN_CHARS} characters, {@linkplain #wellFormed well formed}, and with a
     * header that names a published key with its algorithm. Anything else is refused
     * without a signature check. Payara's MicroProfile JWT answers such tokens 401 itself;
     * SmallRye's (WildFly) answers 500 for a {@code kid} it cannot resolve (or none, or
     * {@code alg: none}), and logs a stack trace for a {@code groups} that is not a list of
     * strings.
     */
    public boolean worthVerifying(String raw) {
        return raw.length() <= MAX_TOKEN_CHARS && wellFormed(raw) && fittingHeader(raw).isPresent();
    }

    /** The token's JWS header if it names a published key with its algorithm and nothing Warden never writes. */
    private Optional<JWSHeader> fittingHeader(String raw) {
        JWSHeader header;
        try {
            header = SignedJWT.parse(raw).getHeader();
        } catch (ParseException e) {
            return Optional.empty();
        }
        if (!keyStillFits(header.getKeyID(), header.getAlgorithm().getName())
                || header.getJWKURL() != null || header.getJWK() != null
                || header.getX509CertURL() != null || header.getX509CertChain() != null
                || header.getCriticalParams() != null || header.getContentType() != null
                || !JOSEObjectType.JWT.equals(header.getType())) {
            return Optional.empty();
        }
        return Optional.of(header);
    }

    /**
     * The token's header and claims as this issuer writes them: JSON without a member named
     * twice (parsers differ on which one counts, RFC 7519 4), the times as numbers, the
     * names as strings, {@code groups} as an array of strings.
     */
    static boolean wellFormed(String raw) {
        return claimsOf(raw).isPresent();
    }

    /** The claims of a token that is {@linkplain #wellFormed well formed}, else empty. */
    private static Optional<JsonObject> claimsOf(String raw) {
        String[] parts = raw.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonObject header = strict(parts[0]);
            JsonObject claims = strict(parts[1]);
            boolean wellFormed = header.get("alg") instanceof JsonString
                    && isNumber(claims, "exp", true) && isNumber(claims, "iat", true) && isNumber(claims, "nbf", false)
                    && isString(claims, "sub", true) && isString(claims, "iss", true) && isString(claims, "sid", false)
                    && isString(claims, "jti", false) && isString(claims, "upn", false)
                    && isString(claims, "preferred_username", false)
                    && (isString(claims, "aud", false) || isStrings(claims.get("aud")))
                    && (!claims.containsKey("groups") || isStrings(claims.get("groups")));
            return wellFormed ? Optional.of(claims) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static JsonObject strict(String part) {
        byte[] json = Base64.getUrlDecoder().decode(part);
        try (JsonReader reader = JsonConfig.UNIQUE_MEMBERS.createReader(new ByteArrayInputStream(json))) {
            return reader.readObject();
        }
    }

    private static boolean isNumber(JsonObject claims, String name, boolean required) {
        JsonValue value = claims.get(name);
        return value == null ? !required : value.getValueType() == JsonValue.ValueType.NUMBER;
    }

    private static boolean isString(JsonObject claims, String name, boolean required) {
        JsonValue value = claims.get(name);
        return value == null ? !required : value.getValueType() == JsonValue.ValueType.STRING;
    }

    private static boolean isStrings(JsonValue value) {
        return value instanceof JsonArray array && array.stream().allMatch(v -> v instanceof JsonString);
    }

    private boolean keyStillFits(String kid, String algorithm) {
        return keys.algorithmOf(kid).map(a -> a.getName().equals(algorithm)).orElse(false);
    }
}
