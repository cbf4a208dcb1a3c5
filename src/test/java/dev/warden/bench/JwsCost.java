package dev.warden.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.warden.system.control.SigningAlgorithm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * What signing and verifying an access token costs with each algorithm of
 * {@code warden.jwt.algorithm}, through the same code Warden uses (nimbus-jose-jwt, the
 * keys {@link SigningAlgorithm} makes): tokens per second on 1 thread and on one thread per
 * core, each the median of 5 runs of 2 s after a warm-up; where Warden's signer is not the
 * JDK's (SigningAlgorithm: native, or Bouncy Castle for ES256 before JDK 21), the others
 * too. Writes bench/JWS-COST.md.
 * <pre>mvn -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.warden.bench.JwsCost</pre>
 */
public final class JwsCost {

    private static final int RUNS = 5;
    private static final long RUN_MILLIS = 2_000;

    private interface Work {
        void once() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder out = new StringBuilder("# Signing and verifying access tokens\n\n")
                .append("`JwsCost` (src/test/java/dev/warden/bench) on ").append(cores).append(" cores, ")
                .append(ProcessStats.cpu()).append(", ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(", nimbus-jose-jwt; a token with Warden's claims. ")
                .append("Medians of ").append(RUNS).append(" runs of ").append(RUN_MILLIS / 1000).append(" s.\n\n")
                .append("| algorithm | key | sign/s, 1 thread | sign/s, ").append(cores).append(" threads | verify/s, 1 thread | verify/s, ")
                .append(cores).append(" threads |\n|---|---|---|---|---|---|\n");
        List<Row> rows = new ArrayList<>();
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            JWK key = algorithm.generate();
            // Warden's signer; without native signing (Bouncy Castle or the JDK), where that differs; the JDK's own
            JWSSigner warden = SigningAlgorithm.signer(key, true);
            JWSSigner java = SigningAlgorithm.signer(key, false);
            JWSSigner jdk = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
            rows.add(new Row(algorithm + " (Warden's signer: " + provider(warden) + ")", algorithm, key, warden));
            if (!provider(java).equals(provider(warden))) {
                rows.add(new Row(algorithm + " (" + SigningAlgorithm.NATIVE_SETTING + "=false: " + provider(java) + ")",
                        algorithm, key, java));
            }
            if (!provider(java).equals(provider(jdk)) && !provider(warden).equals(provider(jdk))) {
                rows.add(new Row(algorithm + " (the JDK's own signer)", algorithm, key, jdk));
            }
        }
        for (Row row : rows) {
            JWK key = row.key();
            JWSSigner signer = row.signer();
            JWSVerifier verifier = key instanceof ECKey ec ? new ECDSAVerifier(ec.toPublicJWK())
                    : new RSASSAVerifier(((RSAKey) key).toPublicJWK());
            JWSHeader header = new JWSHeader.Builder(row.algorithm().jws()).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build();
            Work sign = () -> {
                SignedJWT jwt = new SignedJWT(header, claims());
                jwt.sign(signer);
                jwt.serialize();
            };
            SignedJWT sample = new SignedJWT(header, claims());
            sample.sign(signer);
            String token = sample.serialize();
            Work verify = () -> {
                if (!SignedJWT.parse(token).verify(verifier)) {
                    throw new IllegalStateException("did not verify");
                }
            };
            rate(sign, cores); // warm-up
            rate(verify, cores);
            out.append("| ").append(row.label()).append(" | ").append(row.algorithm() == SigningAlgorithm.RS256 ? "RSA-2048" : "P-256")
                    .append(" | ").append(median(sign, 1)).append(" | ").append(median(sign, cores))
                    .append(" | ").append(median(verify, 1)).append(" | ").append(median(verify, cores)).append(" |\n");
        }
        Path file = Path.of(args.length > 0 ? args[0] : "bench/JWS-COST.md");
        Files.writeString(file, out);
        System.out.print(out);
    }

    private record Row(String label, SigningAlgorithm algorithm, JWK key, JWSSigner signer) {
    }

    private static String provider(JWSSigner signer) {
        var provider = signer.getJCAContext().getProvider();
        return provider == null ? "the JDK" : provider.getName().equals("BC") ? "Bouncy Castle" : provider.getName();
    }

    private static JWTClaimsSet claims() {
        Date now = new Date();
        return new JWTClaimsSet.Builder().issuer("warden").audience("warden").subject(UUID.randomUUID().toString())
                .claim("upn", "alice").claim("groups", List.of("viewer")).jwtID(UUID.randomUUID().toString())
                .claim("sid", UUID.randomUUID().toString()).issueTime(now)
                .expirationTime(new Date(now.getTime() + 900_000)).build();
    }

    private static long median(Work work, int threads) throws Exception {
        List<Long> rates = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            rates.add(rate(work, threads));
        }
        Collections.sort(rates);
        return rates.get(RUNS / 2);
    }

    private static long rate(Work work, int threads) throws Exception {
        LongAdder done = new LongAdder();
        CountDownLatch finished = new CountDownLatch(threads);
        long end = System.nanoTime() + RUN_MILLIS * 1_000_000;
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        work.once();
                        done.increment();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    finished.countDown();
                }
            });
            thread.start();
        }
        finished.await();
        return done.sum() * 1000 / RUN_MILLIS;
    }
}
