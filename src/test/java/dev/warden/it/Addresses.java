package dev.warden.it;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client addresses no other test of the run uses. The tests share one database, and
 * audit events, rate-limit windows and alerts are counted per address: two tests that
 * picked the same random address in one small range counted each other's events.
 * Addresses come from the shared address space 100.64.0.0/10, which no test names
 * literally, one after the other from a random start (so that a second run against the
 * same database does not start where the first did).
 */
final class Addresses {

    private static final int SPACE = 1 << 22; // 100.64.0.0/10
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(SPACE));

    private Addresses() {
    }

    /** A client address of its own. */
    static String unique() {
        int n = Math.floorMod(NEXT.getAndIncrement(), SPACE);
        return "100." + (64 + (n >>> 16)) + "." + ((n >>> 8) & 0xff) + "." + (n & 0xff);
    }

    private static final AtomicInteger NEXT_NETWORK = new AtomicInteger(ThreadLocalRandom.current().nextInt());

    /**
     * An IPv6 /64 of its own, from the documentation range 2001:db8::/32, as its first four
     * groups ({@code 2001:db8:1a2b:3c4d}, both of the last two never zero, so that the
     * network's text is this and {@code ::/64}); its addresses are these and four more groups.
     */
    static String uniqueIpv6Network() {
        int n = NEXT_NETWORK.getAndIncrement();
        return "2001:db8:" + Integer.toHexString(1 + Math.floorMod(n >>> 16, 0xffff)) + ":"
                + Integer.toHexString(1 + Math.floorMod(n & 0xffff, 0xffff));
    }
}
