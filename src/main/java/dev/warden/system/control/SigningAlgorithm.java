package dev.warden.system.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.warden.platform.control.ClassPresence;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two algorithms Warden signs access tokens with (SPEC 6, {@code warden.jwt.algorithm}):
 * RS256 with RSA-2048 keys, ES256 with P-256 keys. Keys are made, opened and turned into
 * signers by nimbus-jose-jwt; this class only says which of its classes fits.
 */
public enum SigningAlgorithm {

    RS256(JWSAlgorithm.RS256, "RSA"),
    ES256(JWSAlgorithm.ES256, "EC");

    public static final String SETTING = "warden.jwt.algorithm";
    /** Whether a native signer may sign where it loads ({@link NativeSigning}); true by default. */
    public static final String NATIVE_SETTING = "warden.jwt.native-signing";
    private static final String PEM_SETTING = "warden.jwt.signing-key";
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final JWSAlgorithm jws;
    private final String keyFactory;

    SigningAlgorithm(JWSAlgorithm jws, String keyFactory) {
        this.jws = jws;
        this.keyFactory = keyFactory;
    }

    public JWSAlgorithm jws() {
        return jws;
    }

    /** The setting's value, or start-up stops with a message naming the setting. */
    public static SigningAlgorithm of(String setting) {
        for (SigningAlgorithm algorithm : values()) {
            if (algorithm.name().equals(setting == null ? null : setting.trim())) {
                return algorithm;
            }
        }
        throw new IllegalStateException(SETTING + " must be RS256 or ES256, not '" + setting + "'");
    }

    public static SigningAlgorithm of(JWK key) {
        return key instanceof ECKey ? ES256 : RS256;
    }

    /** A new key pair with its RFC 7638 thumbprint as kid. */
    public JWK generate() {
        try {
            return switch (this) {
                case RS256 -> new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(jws)
                        .keyIDFromThumbprint(true).generate();
                case ES256 -> new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(jws)
                        .keyIDFromThumbprint(true).generate();
            };
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a " + this + " signing key", e);
        }
    }

    /** The public JWK as stored, with the private half given as PKCS#8. */
    public JWK withPrivateKey(String publicJwk, byte[] pkcs8) {
        try {
            KeyFactory factory = KeyFactory.getInstance(keyFactory);
            return switch (this) {
                case RS256 -> new RSAKey.Builder(RSAKey.parse(publicJwk))
                        .privateKey((RSAPrivateCrtKey) factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8))).build();
                case ES256 -> new ECKey.Builder(ECKey.parse(publicJwk))
                        .privateKey((ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8))).build();
            };
        } catch (GeneralSecurityException | ParseException | ClassCastException e) {
            throw new IllegalStateException("A stored " + this + " signing key is unreadable", e);
        }
    }

    public static JWK parsePublic(String publicJwk) {
        try {
            return JWK.parse(publicJwk);
        } catch (ParseException e) {
            throw new IllegalStateException("A stored public signing key is unreadable", e);
        }
    }

    /**
     * Who computes ES256 signatures: Bouncy Castle on JDKs before 21 where the server has it
     * (it is not in the WAR: {@code --addlibs bcprov-jdk18on-1.87.jar}, README "Who signs
     * ES256"), the JDK otherwise. Before 21 the JDK multiplies the P-256 generator with the
     * same 4-bit window as any point; 21 added a precomputed comb for it. On JDK 17 here an
     * ES256 signature through Bouncy Castle (a fixed-point comb over its P-256 field
     * arithmetic) costs half the JDK's (README, "Where Warden stands"); on 21 and later the
     * JDK's own is at least as fast. Verifying is not concerned: the JDK does it, here and in
     * MicroProfile JWT. The provider is handed to the signers only, never installed for the
     * server. It is made when the first ES256 signer is (making it loads ~560 classes,
     * 0.3–0.6 s here): not at start, and never with RS256.
     */
    static final boolean ES256_BY_BOUNCY_CASTLE = Runtime.version().feature() < 21
            && ClassPresence.present("org.bouncycastle.jce.provider.BouncyCastleProvider", SigningAlgorithm.class);

    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    /** Says once, with the first ES256 signer, who signs on a JDK before 21. */
    private static final class Es256Signer {
        static {
            if (Runtime.version().feature() < 21) {
                Logger.getLogger(SigningAlgorithm.class.getName()).info(ES256_BY_BOUNCY_CASTLE
                        ? "ES256 is signed through Bouncy Castle (JDK " + Runtime.version().feature() + ")"
                        : "ES256 is signed by the JDK, at about half the speed of Bouncy Castle on JDK "
                                + Runtime.version().feature() + "; add bcprov-jdk18on to the server (--addlibs) or "
                                + "run on JDK 21 or later to sign faster");
            }
        }

        static void announce() {
            // the static initializer did it
        }
    }

    /**
     * A signer for a private key of this algorithm (nimbus signers are thread-safe): through
     * the native provider where {@code nativeSigning} allows it and it loaded
     * ({@link NativeSigning}), otherwise as below.
     */
    public static JWSSigner signer(JWK key, boolean nativeSigning) {
        try {
            Optional<Provider> provider = nativeSigning ? NativeSigning.provider() : Optional.empty();
            if (provider.isPresent()) {
                try {
                    return NativeSigning.signer(key, provider.get());
                } catch (JOSEException | GeneralSecurityException | RuntimeException refused) {
                    Logger.getLogger(SigningAlgorithm.class.getName()).warning("Key " + key.getKeyID()
                            + " is signed with Java: the native signer refused it (" + refused.getClass().getSimpleName() + ")");
                }
            }
            if (key instanceof ECKey ec) {
                Es256Signer.announce();
                ECDSASigner signer = new ECDSASigner(ec);
                if (ES256_BY_BOUNCY_CASTLE) {
                    signer.getJCAContext().setProvider(BouncyCastle.PROVIDER);
                }
                return signer;
            }
            return new RSASSASigner((RSAKey) key);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign with key " + key.getKeyID(), e);
        }
    }

    /** PKCS#8 of the private half, for sealing. */
    public static byte[] privatePkcs8(JWK key) {
        try {
            return key instanceof ECKey ec ? ec.toPrivateKey().getEncoded() : ((RSAKey) key).toPrivateKey().getEncoded();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot export signing key " + key.getKeyID(), e);
        }
    }

    /**
     * A private key given as PEM in {@code warden.jwt.signing-key}: an RSA key of at least
     * 2048 bits ({@code BEGIN PRIVATE KEY}, PKCS#8), or a P-256 key, which needs its public
     * key after it ({@code BEGIN PUBLIC KEY}: {@code openssl pkey -in key.pem -pubout}), as
     * the JDK cannot derive it. The result carries its thumbprint as kid; every message names
     * the setting and never shows the key.
     */
    public static JWK fromPem(String pem) {
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new IllegalStateException(PEM_SETTING + " must be PKCS#8 (BEGIN PRIVATE KEY); "
                    + "convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
        }
        byte[] privateDer = null;
        byte[] publicDer = null;
        Matcher block = PEM_BLOCK.matcher(pem);
        while (block.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(block.group(2).replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(PEM_SETTING + " holds a PEM block that is not base64");
            }
            if (block.group(1).equals("PRIVATE KEY")) {
                privateDer = der;
            } else if (block.group(1).equals("PUBLIC KEY")) {
                publicDer = der;
            }
        }
        if (privateDer == null) {
            throw new IllegalStateException(PEM_SETTING + " holds no private key (BEGIN PRIVATE KEY, PKCS#8 PEM)");
        }
        try {
            return rsa(privateDer);
        } catch (GeneralSecurityException | ClassCastException notRsa) {
            return ec(privateDer, publicDer);
        }
    }

    private static JWK rsa(byte[] pkcs8) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("RSA");
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        if (privateKey.getModulus().bitLength() < 2048) {
            throw new IllegalStateException(PEM_SETTING + " must be an RSA key of at least 2048 bits");
        }
        RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(
                new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        return withThumbprint(new RSAKey.Builder(publicKey).privateKey(privateKey)
                .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build());
    }

    private static JWK ec(byte[] pkcs8, byte[] spki) {
        ECPrivateKey privateKey;
        try {
            privateKey = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(PEM_SETTING + " is neither an RSA nor an EC private key in PKCS#8 PEM");
        }
        if (!Curve.P_256.equals(Curve.forECParameterSpec(privateKey.getParams()))) {
            throw new IllegalStateException(PEM_SETTING + " must be an EC key on P-256 (ES256)");
        }
        if (spki == null) {
            throw new IllegalStateException(PEM_SETTING + " is an EC key: append its public key "
                    + "(openssl pkey -in key.pem -pubout) after the private key");
        }
        ECPublicKey publicKey;
        try {
            publicKey = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(PEM_SETTING + " holds a public key that is not an EC P-256 key");
        }
        ECKey key = new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKey)
                .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).build();
        if (!pairs(key)) {
            throw new IllegalStateException(PEM_SETTING + " holds a public key that does not belong to its private key");
        }
        return withThumbprint(key);
    }

    /** Signs a test message and verifies it with the public half. */
    private static boolean pairs(ECKey key) {
        try {
            byte[] message = "warden".getBytes(StandardCharsets.US_ASCII);
            JWSHeader header = new JWSHeader(JWSAlgorithm.ES256);
            Base64URL signature = new ECDSASigner(key).sign(header, message);
            return new ECDSAVerifier(key.toPublicJWK()).verify(header, message, signature);
        } catch (JOSEException e) {
            return false;
        }
    }

    private static JWK withThumbprint(JWK key) {
        try {
            String kid = key.computeThumbprint().toString();
            return key instanceof ECKey ec ? new ECKey.Builder(ec).keyID(kid).build()
                    : new RSAKey.Builder((RSAKey) key).keyID(kid).build();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot compute the thumbprint of " + PEM_SETTING, e);
        }
    }
}
