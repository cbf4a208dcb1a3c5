package dev.warden.system.control;

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

import java.util.Objects;

/**
 * SmallRye JWT (WildFly's MicroProfile JWT) with the signing keys of now. SmallRye reads
 * {@code mp.jwt.verify.publickey} once and keeps the keys it parsed for the life of the
 * deployment, so after a rotation it could not verify any new token (it answers 500 for
 * a {@code kid} it does not know). This parser, which SmallRye's mechanism is given instead
 * of its own, verifies with SmallRye's parser and settings, made again (once) for each new
 * set of keys {@link SigningKeyConfigSource} publishes. Payara reads the value on every
 * verification; there, without SmallRye, CDI leaves this bean out.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class RekeyedJwtParser extends DefaultJWTParser {

    private record Keyed(String jwks, DefaultJWTParser parser) {
    }

    @Inject
    JWTAuthContextInfo settings;

    private volatile Keyed current;

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        return parser().parse(token);
    }

    private DefaultJWTParser parser() {
        String jwks = SigningKeyConfigSource.published();
        Keyed keyed = current;
        if (keyed == null || !Objects.equals(keyed.jwks(), jwks)) {
            JWTAuthContextInfo info = new JWTAuthContextInfo(settings);
            info.setPublicKeyContent(jwks);
            info.setPublicKeyLocation(null);
            // a factory of its own: SmallRye's shared one keeps the first keys it resolved
            keyed = new Keyed(jwks, new DefaultJWTParser(info, new DefaultJWTCallerPrincipalFactory()));
            current = keyed;
        }
        return keyed.parser();
    }
}
