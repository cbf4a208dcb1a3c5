package dev.warden.platform.problem;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * One log line a minute, at most, about requests whose token or key was refused: how
 * many, and the address of the latest. Never the token. Anyone can send bad tokens, so a
 * line (or a stack trace) per refusal would let them fill the disk; MicroProfile JWT's
 * own per-token message is turned down at start ({@code QuietLogs}).
 */
public final class RejectedCredentials {

    private static final Logger LOG = Logger.getLogger(RejectedCredentials.class.getName());
    static final long WINDOW_MILLIS = 60_000;
    private static final AtomicLong refused = new AtomicLong();
    private static final AtomicLong windowStart = new AtomicLong();

    private RejectedCredentials() {
    }

    public static void noted(String address) {
        long count = refused.incrementAndGet();
        long now = System.currentTimeMillis();
        long start = windowStart.get();
        if (now - start >= WINDOW_MILLIS && windowStart.compareAndSet(start, now)) {
            refused.addAndGet(-count);
            LOG.warning("Refused " + count + " request(s) with an invalid token or API key"
                    + (start == 0 ? "" : " in the last " + Math.max(1, (now - start) / 1000) + " s")
                    + "; latest from " + address + ". Next summary in a minute at the earliest.");
        }
    }
}
