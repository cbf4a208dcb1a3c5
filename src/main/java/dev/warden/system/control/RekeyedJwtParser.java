package dev.warden.system.control;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SmallRye JWT (WildFly's MicroProfile JWT) with the signing keys of now and their
 * algorithms. SmallRye reads {@code mp.jwt.verify.publickey} once and keeps the keys it
 * parsed for the life of the deployment, so after a rotation it could not verify any new
 * token (it answers 500 for a {@code kid} it does not know). And it verifies one algorithm,
 * {@code mp.jwt.verify.publickey.algorithm} (this instance's {@code warden.jwt.algorithm}),
 * so an instance signing RS256 answered 500 for the ES256 tokens of an instance that
 * switched to ES256, and for its own after the switch reached it (ClusterKeysIT on WildFly).
 * <p>
 * This parser, which SmallRye's mechanism is given instead of its own, verifies with
 * SmallRye's parser and settings, made again (once) for each new set of keys
 * {@link SigningKeyConfigSource} publishes, and for the algorithm the token's header names,
 * when it is one Warden signs with ({@link SigningAlgorithm}). Taking the algorithm from
 * the header mixes nothing up: before a token gets here, Warden has checked that its
 * {@code kid} names a published key of exactly that algorithm (auth.control.VerifiedTokens),
 * and the key SmallRye resolves by that {@code kid} must fit it. Payara reads the keys on
 * every verification and takes either algorithm; there, without SmallRye, CDI leaves this
 * bean out.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class RekeyedJwtParser extends DefaultJWTParser {

    /** The parsers of one set of published keys, one per algorithm. */
    private record Keyed(String jwks, Map<SignatureAlgorithm, DefaultJWTParser> parsers) {
    }

    @Inject
    JWTAuthContextInfo settings;

    private volatile Keyed current;

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        return parser(algorithmOf(token)).parse(token);
    }

    /** The header's algorithm if Warden signs with it, else the configured one (which then refuses the token). */
    private SignatureAlgorithm algorithmOf(String token) throws ParseException {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            throw new ParseException("Not a JWS");
        }
        String named;
        try {
            named = JWSHeader.parse(new Base64URL(token.substring(0, dot))).getAlgorithm().getName();
        } catch (java.text.ParseException | RuntimeException e) {
            throw new ParseException("Not a JWS header", e);
        }
        for (SigningAlgorithm signed : SigningAlgorithm.values()) {
            if (signed.jws().getName().equals(named)) {
                return SignatureAlgorithm.fromAlgorithm(named);
            }
        }
        return settings.getSignatureAlgorithm();
    }

    private DefaultJWTParser parser(SignatureAlgorithm algorithm) {
        String jwks = SigningKeyConfigSource.published();
        Keyed keyed = current;
        if (keyed == null || !Objects.equals(keyed.jwks(), jwks)) {
            keyed = new Keyed(jwks, new ConcurrentHashMap<>());
            current = keyed;
        }
        return keyed.parsers().computeIfAbsent(algorithm, a -> {
            JWTAuthContextInfo info = new JWTAuthContextInfo(settings);
            info.setPublicKeyContent(jwks);
            info.setPublicKeyLocation(null);
            info.setSignatureAlgorithm(a);
            // a factory of its own: SmallRye's shared one keeps the first keys it resolved
            return new DefaultJWTParser(info, new DefaultJWTCallerPrincipalFactory());
        });
    }
}
