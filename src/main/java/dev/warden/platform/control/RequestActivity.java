package dev.warden.platform.control;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeUnit;

/**
 * When this instance last served a request that carried credentials (a bearer token or an
 * API key). The bcrypt gate lets password checks use every core only while no such
 * request came for a moment, and half of them otherwise: logins run at the machine's
 * speed when nothing else does, without starving token-verified calls when they come.
 * One volatile write per millisecond at most.
 */
@ApplicationScoped
public class RequestActivity {

    private static final long RESOLUTION = TimeUnit.MILLISECONDS.toNanos(1);

    private volatile long last = System.nanoTime() - TimeUnit.HOURS.toNanos(1);

    public void credentialed() {
        long now = System.nanoTime();
        if (now - last > RESOLUTION) {
            last = now;
        }
    }

    /** Whether no request with credentials came within {@code millis}. */
    public boolean quietFor(long millis) {
        return System.nanoTime() - last > TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
