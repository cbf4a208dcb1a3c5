package dev.warden.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.warden.platform.control.SecretBox;

import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.function.UnaryOperator;

/**
 * Warden's real signing key, opened from the database with the test encryption key, so
 * tests can sign tokens that differ from genuine ones in exactly one respect.
 */
final class TestKeys {

    /**
     * Whether the servers under test sign through the native provider in the WAR: built for
     * Linux on x86-64 (where the servers run on this machine, as the tests do); elsewhere Java signs.
     */
    static final boolean NATIVE_SIGNER_HERE = System.getProperty("os.name").equals("Linux")
            && System.getProperty("os.arch").equals("amd64");

    private TestKeys() {
    }

    static RSAKey warden() throws Exception {
        String kid = (String) WardenServer.queryValue("select kid from signing_keys where activated_at is not null and retired_at is null");
        String sealed = (String) WardenServer.queryValue("select private_key from signing_keys where kid = ?", kid);
        String jwk = (String) WardenServer.queryValue("select public_jwk from signing_keys where kid = ?", kid);
        byte[] pkcs8 = SecretBox.fromBase64(WardenServer.ENCRYPTION_KEY).open(sealed, "signing-key");
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        return new RSAKey.Builder(RSAKey.parse(jwk)).privateKey(key).build();
    }

    static String sign(RSAKey key, UnaryOperator<JWSHeader.Builder> header, JWTClaimsSet claims) throws Exception {
        JWSHeader.Builder builder = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID());
        SignedJWT jwt = new SignedJWT(header.apply(builder).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
