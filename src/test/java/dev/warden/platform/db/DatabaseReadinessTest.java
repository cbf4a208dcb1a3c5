package dev.warden.platform.db;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readiness asks the database on a connection of its own, at most once per interval, never
 * queues behind a question already being asked, and begins an outage when the database
 * refuses (the outage and freeze of a real PostgreSQL are in DatabaseOutageIT, a dry pool in
 * SaturatedPoolIT).
 */
class DatabaseReadinessTest {

    static {
        // MicroProfile Health's API finds its builder through the server's implementation; here, a plain one
        HealthCheckResponse.setResponseProvider(() -> new HealthCheckResponseBuilder() {
            private String name;
            private HealthCheckResponse.Status status = HealthCheckResponse.Status.DOWN;
            private final Map<String, Object> data = new LinkedHashMap<>();

            @Override
            public HealthCheckResponseBuilder name(String name) {
                this.name = name;
                return this;
            }

            @Override
            public HealthCheckResponseBuilder withData(String key, String value) {
                return put(key, value);
            }

            @Override
            public HealthCheckResponseBuilder withData(String key, long value) {
                return put(key, value);
            }

            @Override
            public HealthCheckResponseBuilder withData(String key, boolean value) {
                return put(key, value);
            }

            private HealthCheckResponseBuilder put(String key, Object value) {
                data.put(key, value);
                return this;
            }

            @Override
            public HealthCheckResponseBuilder up() {
                return status(true);
            }

            @Override
            public HealthCheckResponseBuilder down() {
                return status(false);
            }

            @Override
            public HealthCheckResponseBuilder status(boolean up) {
                status = up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN;
                return this;
            }

            @Override
            public HealthCheckResponse build() {
                return new HealthCheckResponse(name, status, data.isEmpty() ? Optional.empty() : Optional.of(data));
            }
        });
    }

    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        probes.shutdownNow();
    }

    /** A status whose own connection answers as {@code answer} says, counting the questions. */
    private static final class Asked extends DatabaseStatus {
        final AtomicInteger questions = new AtomicInteger();
        volatile Throwable answer;
        volatile CountDownLatch hold;

        @Override
        Throwable ownConnectionFailure() {
            questions.incrementAndGet();
            if (hold != null) {
                try {
                    hold.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return answer;
        }
    }

    private Asked started() {
        Asked status = new Asked();
        status.started();
        // a scheduler that runs the outage's probe; the probe's pooled question fails (no pool here)
        status.scheduler = (ManagedScheduledExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ManagedScheduledExecutorService.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(probes, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return status;
    }

    private static DatabaseReadiness readiness(DatabaseStatus status) {
        DatabaseReadiness readiness = new DatabaseReadiness();
        readiness.status = status;
        return readiness;
    }

    @Test
    void notReadyBeforeStartUpRanWithoutAskingTheDatabase() {
        Asked status = new Asked();
        HealthCheckResponse answer = readiness(status).call();
        assertEquals(HealthCheckResponse.Status.DOWN, answer.getStatus());
        assertEquals(false, answer.getData().orElseThrow().get("started"));
        assertEquals(0, status.questions.get());
    }

    @Test
    void asksAtMostOncePerIntervalHoweverOftenItIsCalled() {
        Asked status = started();
        DatabaseReadiness readiness = readiness(status);
        for (int i = 0; i < 50; i++) {
            assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus());
        }
        assertEquals(1, status.questions.get(), "one connection for fifty readiness calls within the interval");

        status.readyCheckIntervalNanos = 0;
        readiness.call();
        readiness.call();
        assertEquals(3, status.questions.get(), "asked again once the interval has passed");
    }

    @Test
    void aCallerThatComesWhileTheQuestionIsAskedGetsTheLastAnswerAndDoesNotWait() throws Exception {
        Asked status = started();
        status.readyCheckIntervalNanos = 0;
        assertTrue(status.answers());
        status.hold = new CountDownLatch(1);
        status.questions.set(0);
        CompletableFuture<Boolean> slow = CompletableFuture.supplyAsync(status::answers);
        while (status.questions.get() == 0) {
            Thread.sleep(5);
        }
        // the question is being asked (and holds): others get the last answer at once
        assertTrue(status.answers());
        assertTrue(status.answers());
        assertEquals(1, status.questions.get());
        status.answer = new SQLTimeoutException("no answer within 3 s");
        status.hold.countDown();
        assertFalse(slow.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aDatabaseThatRefusesTheConnectionBeginsAnOutageAndReadinessSaysSince() {
        Asked status = started();
        status.answer = new SQLException("Connection to localhost:5432 refused.", "08001",
                new ConnectException("Connection refused"));
        DatabaseReadiness readiness = readiness(status);
        HealthCheckResponse found = readiness.call();
        assertEquals(HealthCheckResponse.Status.DOWN, found.getStatus());
        assertTrue(status.inOutage(), "a refusal found by readiness is an outage, logged and probed");
        assertEquals(status.outageSince().orElseThrow().toString(), found.getData().orElseThrow().get("unavailable_since"));

        status.readyCheckIntervalNanos = 0;
        HealthCheckResponse during = readiness.call();
        assertEquals(HealthCheckResponse.Status.DOWN, during.getStatus());
        assertEquals(status.outageSince().orElseThrow().toString(),
                during.getData().orElseThrow().get("unavailable_since"));
        assertEquals(1, status.questions.get(), "during a known outage readiness asks nothing (the probe does)");
    }

    @Test
    void aRoundTripThatTimesOutIsNotReadyButNoOutage() {
        Asked status = started();
        status.answer = new SQLTimeoutException("no answer within 3 s");
        assertFalse(status.answers());
        assertFalse(status.inOutage(), "a database that crawls is not away");
    }
}
