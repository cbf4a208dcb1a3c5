package dev.warden.it;

import org.apache.commons.codec.binary.Base32;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An authenticator app for the tests, independent of Warden's TOTP code: it knows only
 * the otpauth URI (as a phone scanning the QR code would) and computes RFC 6238 codes with
 * the JDK's HMAC and RFC 4226's dynamic truncation. It hands out each time step once, the
 * earliest one Warden still accepts (one step either side of now), waiting for the next
 * step when those are used up, since Warden accepts a step once.
 */
final class Authenticator {

    private final byte[] secret;
    private final int digits;
    private final long period;
    private long lastStep = Long.MIN_VALUE;

    Authenticator(String otpauthUri) {
        URI uri = URI.create(otpauthUri);
        assertEquals("otpauth", uri.getScheme());
        assertEquals("totp", uri.getHost());
        Map<String, String> query = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertEquals("SHA1", query.getOrDefault("algorithm", "SHA1"));
        this.secret = new Base32().decode(query.get("secret"));
        this.digits = Integer.parseInt(query.getOrDefault("digits", "6"));
        this.period = Long.parseLong(query.getOrDefault("period", "30"));
    }

    byte[] secret() {
        return secret;
    }

    /** A code not handed out before, valid now. */
    synchronized String next() {
        while (true) {
            long now = System.currentTimeMillis() / 1000 / period;
            long step = Math.max(now - 1, lastStep + 1);
            // keep a second's margin before a step leaves the window Warden accepts
            long secondsIntoStep = System.currentTimeMillis() / 1000 % period;
            if (step <= now + 1 && !(step == now - 1 && secondsIntoStep >= period - 2)) {
                lastStep = step;
                return code(step);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The code of the step just handed out (a replay). */
    synchronized String last() {
        return code(lastStep);
    }

    String code(long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            int modulus = (int) Math.pow(10, digits);
            return String.format("%0" + digits + "d", binary % modulus);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A code that is not the code of any step near now. */
    String wrong() {
        long now = System.currentTimeMillis() / 1000 / period;
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!code.equals(code(now - 1)) && !code.equals(code(now)) && !code.equals(code(now + 1))
                    && !code.equals(code(now + 2))) {
                return code;
            }
        }
    }
}
