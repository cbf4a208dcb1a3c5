package dev.warden.platform.control;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queued work runs on the component's own threads, in due order, and survives a failing task. */
class BackgroundWorkTest {

    private final BackgroundWork cut = new BackgroundWork("test-work");
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        cut.stop();
    }

    @Test
    void tasksQueuedBeforeTheStartRunInTheirOrderOnceItStarts() throws Exception {
        CountDownLatch done = new CountDownLatch(3);
        for (String name : List.of("a", "b", "c")) {
            assertTrue(cut.execute(() -> {
                ran.add(name + "@" + Thread.currentThread().getName());
                done.countDown();
            }));
        }
        assertEquals(3, cut.pending());
        cut.start(Executors.defaultThreadFactory(), 1);
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("a@test-work-1", "b@test-work-1", "c@test-work-1"), ran);
    }

    @Test
    void aDelayedTaskRunsAfterOneQueuedLaterWithoutDelay() throws Exception {
        CountDownLatch done = new CountDownLatch(2);
        cut.start(Executors.defaultThreadFactory(), 1);
        cut.schedule(() -> {
            ran.add("later");
            done.countDown();
        }, 300, TimeUnit.MILLISECONDS);
        cut.execute(() -> {
            ran.add("now");
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("now", "later"), ran);
    }

    @Test
    void aFailingTaskDoesNotStopTheThread() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        cut.start(Executors.defaultThreadFactory(), 1);
        cut.execute(() -> {
            throw new IllegalStateException("boom");
        });
        cut.execute(() -> {
            throw new AssertionError("boom");
        });
        cut.execute(done::countDown);
        assertTrue(done.await(10, TimeUnit.SECONDS));
    }

    @Test
    void afterTheStopNothingIsQueuedAndWaitingWorkIsDropped() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        cut.start(Executors.defaultThreadFactory(), 1);
        cut.execute(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        cut.execute(() -> ran.add("never"));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        cut.stop();
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the running task is interrupted");
        assertEquals(0, cut.pending());
        assertFalse(cut.execute(() -> ran.add("refused")));
        assertEquals(List.of(), ran);
        assertThrows(IllegalStateException.class, () -> cut.start(Executors.defaultThreadFactory(), 1));
    }
}
