package dev.warden.system.control;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SigningAlgorithmTest {

    /** The native signer in the build (ACCP's linux-x86_64 jar) loads here. */
    private static final boolean NATIVE_BUILD_HERE = System.getProperty("os.name").equals("Linux")
            && System.getProperty("os.arch").equals("amd64");

    @Test
    void theSettingIsRs256OrEs256AndAnythingElseNamesTheSetting() {
        assertEquals(SigningAlgorithm.RS256, SigningAlgorithm.of("RS256"));
        assertEquals(SigningAlgorithm.ES256, SigningAlgorithm.of(" ES256 "));
        for (String bad : new String[]{"HS256", "none", "es256", "", null}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> SigningAlgorithm.of(bad));
            assertTrue(e.getMessage().contains("warden.jwt.algorithm"), e.getMessage());
        }
    }

    @Test
    void generatedKeysSignTokensThatTheirPublicHalfVerifies() throws Exception {
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            JWK key = algorithm.generate();
            assertEquals(key.computeThumbprint().toString(), key.getKeyID());
            JWK stored = algorithm.withPrivateKey(key.toPublicJWK().toJSONString(), SigningAlgorithm.privatePkcs8(key));
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm.jws()).type(JOSEObjectType.JWT)
                    .keyID(stored.getKeyID()).build(), new JWTClaimsSet.Builder().subject("s").build());
            for (boolean nativeSigning : new boolean[]{true, false}) {
                jwt.sign(SigningAlgorithm.signer(stored, nativeSigning));
                SignedJWT parsed = SignedJWT.parse(jwt.serialize());
                assertEquals(algorithm.jws(), parsed.getHeader().getAlgorithm());
                JWK published = SigningAlgorithm.parsePublic(key.toPublicJWK().toJSONString());
                assertFalse(published.isPrivate());
                assertTrue(parsed.verify(published instanceof ECKey ec ? new ECDSAVerifier(ec)
                        : new RSASSAVerifier((RSAKey) published)));
                jwt = new SignedJWT(jwt.getHeader(), jwt.getJWTClaimsSet());
            }
        }
        assertEquals(Curve.P_256, ((ECKey) SigningAlgorithm.ES256.generate()).getCurve());
        assertEquals(2048, ((RSAKey) SigningAlgorithm.RS256.generate()).size());
    }

    @Test
    void withoutNativeSigningEs256IsSignedByBouncyCastleBeforeJdk21AndRs256ByTheJdk() throws Exception {
        ECKey key = (ECKey) SigningAlgorithm.ES256.generate();
        ECDSASigner signer = (ECDSASigner) SigningAlgorithm.signer(key, false);
        Provider provider = signer.getJCAContext().getProvider();
        if (Runtime.version().feature() < 21) {
            assertEquals("BC", provider.getName());
        } else {
            assertNull(provider);
        }
        assertNull(SigningAlgorithm.signer(SigningAlgorithm.RS256.generate(), false).getJCAContext().getProvider());
        everySignatureVerifiesWithTheJdk(key, signer);
    }

    /**
     * Where the native signer is in the build (Linux on x86-64, where the tests run), it signs
     * both algorithms with its own copy of the key, and what it signs is what the JDK signs:
     * RS256 (PKCS#1 v1.5 is deterministic) byte for byte, ES256 verified by the JDK's verifier.
     */
    @Test
    void theNativeSignerSignsWhatTheJdkVerifies() throws Exception {
        assumeTrue(NATIVE_BUILD_HERE, "the native signer in the build is for Linux on x86-64");
        RSAKey rsa = (RSAKey) SigningAlgorithm.RS256.generate();
        RSASSASigner nativeRsa = (RSASSASigner) SigningAlgorithm.signer(rsa, true);
        assertEquals("AmazonCorrettoCryptoProvider", nativeRsa.getJCAContext().getProvider().getName());
        assertNotEquals(rsa.toPrivateKey().getClass(), nativeRsa.getPrivateKey().getClass(), "the provider's own key");
        RSASSASigner jdkRsa = new RSASSASigner(rsa);
        for (int i = 0; i < 100; i++) {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("user-" + i).build();
            SignedJWT byNative = new SignedJWT(header, claims);
            byNative.sign(nativeRsa);
            SignedJWT byJdk = new SignedJWT(header, claims);
            byJdk.sign(jdkRsa);
            assertEquals(byJdk.serialize(), byNative.serialize(), "signature " + i);
        }
        ECKey ec = (ECKey) SigningAlgorithm.ES256.generate();
        ECDSASigner nativeEc = (ECDSASigner) SigningAlgorithm.signer(ec, true);
        assertEquals("AmazonCorrettoCryptoProvider", nativeEc.getJCAContext().getProvider().getName());
        everySignatureVerifiesWithTheJdk(ec, nativeEc);
    }

    @Test
    void theSettingsNameWhoSigns() {
        JWK rsa = SigningAlgorithm.RS256.generate();
        JWK ec = SigningAlgorithm.ES256.generate();
        assertTrue(signedBy(rsa, false).startsWith("SunRsaSign "), signedBy(rsa, false));
        assertTrue(signedBy(ec, false).startsWith(Runtime.version().feature() < 21 ? "BC 1." : "SunEC "), signedBy(ec, false));
        if (NATIVE_BUILD_HERE) {
            for (JWK key : new JWK[]{rsa, ec}) {
                assertTrue(signedBy(key, true).startsWith("AmazonCorrettoCryptoProvider 2."), signedBy(key, true));
            }
        }
    }

    private static String signedBy(JWK key, boolean nativeSigning) {
        return Settings.signedBy(new SigningKeys.Signer(key.getKeyID(), SigningAlgorithm.of(key).jws(),
                SigningAlgorithm.signer(key, nativeSigning)));
    }

    /**
     * The JDK's verifier, as MicroProfile JWT uses it; r or s with leading zero bytes (1 in
     * 128 signatures) must still come out as 64 bytes of R || S.
     */
    private static void everySignatureVerifiesWithTheJdk(ECKey key, ECDSASigner signer) throws Exception {
        ECDSAVerifier jdk = new ECDSAVerifier(key.toECPublicKey());
        for (int i = 0; i < 1000; i++) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                    new JWTClaimsSet.Builder().subject("user-" + i).build());
            jwt.sign(signer);
            assertEquals(64, jwt.getSignature().decode().length);
            SignedJWT parsed = SignedJWT.parse(jwt.serialize());
            assertTrue(parsed.verify(jdk), "signature " + i);
            assertEquals("user-" + i, parsed.getJWTClaimsSet().getSubject());
        }
    }

    @Test
    void anRsaPemIsReadWithItsThumbprintAsKid() throws Exception {
        KeyPair pair = pair("RSA", 2048);
        JWK key = SigningAlgorithm.fromPem(pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        assertEquals(SigningAlgorithm.RS256, SigningAlgorithm.of(key));
        assertEquals(pair.getPublic(), ((RSAKey) key).toPublicKey());
        assertEquals(key.computeThumbprint().toString(), key.getKeyID());
    }

    @Test
    void anEcPemNeedsItsPublicKeyAndItMustBelongToIt() throws Exception {
        KeyPair pair = ecPair();
        String privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
        JWK key = SigningAlgorithm.fromPem(privatePem + "\n" + pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        assertEquals(SigningAlgorithm.ES256, SigningAlgorithm.of(key));
        assertNotNull(key.getKeyID());

        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> SigningAlgorithm.fromPem(privatePem));
        assertTrue(missing.getMessage().contains("openssl pkey -in key.pem -pubout"), missing.getMessage());

        String foreign = pem("PUBLIC KEY", ecPair().getPublic().getEncoded());
        IllegalStateException mismatch = assertThrows(IllegalStateException.class,
                () -> SigningAlgorithm.fromPem(privatePem + foreign));
        assertTrue(mismatch.getMessage().contains("does not belong"), mismatch.getMessage());
    }

    @Test
    void weakOrWrongKeysStopStartUpWithAMessageThatNamesTheSettingButNotTheKey() throws Exception {
        String shortRsa = pem("PRIVATE KEY", pair("RSA", 1024).getPrivate().getEncoded());
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair other = p384.generateKeyPair();
        String wrongCurve = pem("PRIVATE KEY", other.getPrivate().getEncoded()) + pem("PUBLIC KEY", other.getPublic().getEncoded());
        String[] bad = {shortRsa, wrongCurve, "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----",
                "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----", "just text"};
        for (String pem : bad) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> SigningAlgorithm.fromPem(pem));
            assertTrue(e.getMessage().contains("warden.jwt.signing-key"), e.getMessage());
            assertFalse(e.getMessage().contains("MII"), "the key is never shown: " + e.getMessage());
        }
    }

    private static KeyPair pair(String algorithm, int size) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(size);
        return generator.generateKeyPair();
    }

    private static KeyPair ecPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
