package dev.warden.passwords.control;

import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.WardenException;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounds bcrypt work. At cost 12 one check takes ~400 ms of a core, so without a bound
 * a login flood would take every core and request thread from token-verified calls.
 * At most {@code permits} checks run at once and at most {@code queue} more wait (for
 * {@code maxWaitMillis}); beyond that a login is refused at once with 429. By default
 * (bench/RESULTS.md) half the cores check passwords, and the other half joins in while no
 * token-verified request needs them.
 */
public class HashingGate {

    private final Semaphore permits;
    private final Semaphore extra;
    private final BooleanSupplier quiet;
    private final int concurrent;
    private final int queue;
    private final long maxWaitMillis;

    public HashingGate(int permits, int queue, long maxWaitMillis) {
        this(permits, 0, () -> false, queue, maxWaitMillis);
    }

    /**
     * A gate of {@code permits} checks at once, plus {@code extraWhenQuiet} more taken only
     * while {@code quiet} says nothing else needs the cores; a check holding an extra slot
     * runs to its end (a few hundred ms) when other work arrives.
     */
    public HashingGate(int permits, int extraWhenQuiet, BooleanSupplier quiet, int queue, long maxWaitMillis) {
        this.concurrent = Math.max(1, permits);
        this.permits = new Semaphore(concurrent, true);
        this.extra = new Semaphore(Math.max(0, extraWhenQuiet));
        this.quiet = quiet;
        this.queue = Math.max(0, queue);
        this.maxWaitMillis = maxWaitMillis;
    }

    public <T> T run(Supplier<T> work) {
        if (extra.availablePermits() > 0 && quiet.getAsBoolean() && extra.tryAcquire()) {
            try {
                return work.get();
            } finally {
                extra.release();
            }
        }
        boolean acquired = permits.tryAcquire();
        if (!acquired) {
            if (permits.getQueueLength() >= queue) {
                throw busy();
            }
            try {
                acquired = permits.tryAcquire(maxWaitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw busy();
            }
            if (!acquired) {
                throw busy();
            }
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    /** bcrypt checks that may run at once (the effective {@code warden.password.max-concurrent-hashes}). */
    public int concurrent() {
        return concurrent;
    }

    /** Checks that may wait for a slot (the effective {@code warden.password.max-queued-hashes}). */
    public int queue() {
        return queue;
    }

    /** Checks waiting for a permit now. */
    int waiting() {
        return permits.getQueueLength();
    }

    private static WardenException busy() {
        return ErrorCode.RATE_LIMITED.exception("Too many password checks in progress; retry shortly")
                .header("Retry-After", "1");
    }
}
