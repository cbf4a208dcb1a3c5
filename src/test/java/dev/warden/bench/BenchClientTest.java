package dev.warden.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

/** The bench's load driver says which of its clients stopped, rather than only running slower. */
class BenchClientTest {

    @AfterEach
    void forget() {
        BenchClient.STOPPED.clear();
    }

    @Test
    void aClientWhoseCallFailsStopsAndIsCountedWithItsReason() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        // client 0 answers three calls and then is refused; client 1 answers until the end
        BenchClient.Result result = BenchClient.drive(2, 1, client -> () -> {
            if (client == 0 && calls.incrementAndGet() > 3) {
                throw new IllegalStateException("refresh -> 401 refresh_token_invalid");
            }
            Thread.sleep(10);
            return true;
        });

        assertEquals("1 × IllegalStateException: refresh -> 401 refresh_token_invalid", BenchClient.stopped());
        assertTrue(result.perSecond() > 3, "what the clients did counts: " + result);
    }

    @Test
    void noStopSaysNone() throws Exception {
        BenchClient.drive(1, 1, client -> () -> {
            Thread.sleep(10);
            return true;
        });

        assertEquals("none", BenchClient.stopped());
    }
}
