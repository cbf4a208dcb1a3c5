package dev.warden.passwords.control;

import dev.warden.platform.problem.WardenException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HashingGateTest {

    @Test
    void neverMoreThanThePermitsRunAtOnceAndOverflowIsRefused() throws Exception {
        HashingGate cut = new HashingGate(1, 1, 5_000);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> holder = pool.submit(() -> cut.run(() -> {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                inside.countDown();
                await(release);
                running.decrementAndGet();
                return 1;
            }));
            inside.await();
            Future<Integer> waiter = pool.submit(() -> cut.run(() -> {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                running.decrementAndGet();
                return 2;
            }));
            while (cut.waiting() != 1) {
                Thread.sleep(5);
            }
            WardenException refused = assertThrows(WardenException.class, () -> cut.run(() -> 3));
            assertEquals(429, refused.status());
            assertEquals("1", refused.headers().get("Retry-After"));
            release.countDown();
            assertEquals(1, holder.get());
            assertEquals(2, waiter.get());
            assertEquals(1, peak.get());
        } finally {
            pool.shutdownNow();
        }
    }


    /** The extra slot is taken only while nothing else needs the cores; a busy machine queues on the base permits. */
    @Test
    void theExtraSlotIsUsedOnlyWhileQuiet() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean quiet = new java.util.concurrent.atomic.AtomicBoolean(true);
        HashingGate cut = new HashingGate(1, 1, quiet::get, 0, 5_000);
        CountDownLatch inside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 2; i++) {
                pool.submit(() -> cut.run(() -> {
                    inside.countDown();
                    await(release);
                    return 0;
                }));
            }
            inside.await();
            WardenException full = assertThrows(WardenException.class, () -> cut.run(() -> 3));
            assertEquals(429, full.status(), "two running while quiet, none may queue");
            release.countDown();
            pool.shutdown();
            pool.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);

            quiet.set(false);
            CountDownLatch busyInside = new CountDownLatch(1);
            CountDownLatch busyRelease = new CountDownLatch(1);
            ExecutorService busy = Executors.newSingleThreadExecutor();
            busy.submit(() -> cut.run(() -> {
                busyInside.countDown();
                await(busyRelease);
                return 0;
            }));
            busyInside.await();
            assertThrows(WardenException.class, () -> cut.run(() -> 4), "busy: the extra slot stays unused");
            busyRelease.countDown();
            busy.shutdown();
            busy.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(5, cut.run(() -> 5));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
