package dev.warden.bench;

import static dev.warden.bench.BenchClient.*;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.warden.bench.Runs.Measure;
import dev.warden.system.control.SigningAlgorithm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the machine does without Warden, on all its cores, for the bench to set Warden's rates
 * beside: bcrypt verifications at Warden's cost, and JWS signatures, through the plain JDK
 * (the measure) or through Warden's own signer.
 */
final class RawRates {

    /** Raw bcrypt-12 verifications per second on {@code threads} threads, the median of {@value Runs#RUNS} runs of 5 s. */
    static double bcryptRate(int threads) throws Exception {
        String hash = BCrypt.withDefaults().hashToString(12, PASSWORD.toCharArray());
        List<Double> rates = new ArrayList<>();
        for (int run = 0; run < Runs.RUNS; run++) {
            LongAdder done = new LongAdder();
            long end = System.nanoTime() + 5_000_000_000L;
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(start(() -> {
                    while (System.nanoTime() < end) {
                        BCrypt.verifyer().verify(PASSWORD.toCharArray(), hash);
                        done.increment();
                    }
                }));
            }
            for (Thread t : workers) {
                t.join();
            }
            rates.add(done.sum() / 5.0);
        }
        Collections.sort(rates);
        return rates.get(Runs.RUNS / 2);
    }

    /** Who signs for Warden with this algorithm here: a provider's name, or the JDK. */
    static String signerName(String algorithm) {
        var provider = SigningAlgorithm.signer(SigningAlgorithm.of(algorithm).generate(), true).getJCAContext().getProvider();
        return provider == null ? "the JDK" : provider.getName();
    }

    /**
     * Raw signs per second on {@code threads} threads: through Warden's signer with
     * {@code nativeSigning}, or without it through the plain JDK, the measure.
     */
    static double signRate(String algorithm, int threads, boolean nativeSigning) throws Exception {
        Measure run = signing(algorithm, threads, nativeSigning);
        run.run(); // warms up
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < Runs.RUNS; i++) {
            rates.add(run.run().perSecond());
        }
        return Runs.median(rates);
    }

    /** One run of {@link #signRate}'s signing, 3 s: its rate (no latencies). */
    static Measure signing(String algorithm, int threads, boolean nativeSigning) throws Exception {
        SigningAlgorithm alg = SigningAlgorithm.of(algorithm);
        JWK key = alg.generate();
        JWSSigner signer = nativeSigning ? SigningAlgorithm.signer(key, true)
                : key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
        JWSHeader header = new JWSHeader.Builder(alg.jws()).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build();
        return () -> {
            LongAdder done = new LongAdder();
            long end = System.nanoTime() + 3_000_000_000L;
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(start(() -> {
                    try {
                        while (System.nanoTime() < end) {
                            SignedJWT jwt = new SignedJWT(header, new JWTClaimsSet.Builder().subject("s")
                                    .claim("groups", List.of("viewer")).build());
                            jwt.sign(signer);
                            done.increment();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread t : workers) {
                t.join();
            }
            return new Result(done.sum() / 3.0, 0, 0);
        };
    }

    private RawRates() {
    }
}
