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


    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
