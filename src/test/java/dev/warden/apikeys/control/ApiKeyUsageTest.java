package dev.warden.apikeys.control;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** last_used is written at most once a minute per key, whatever the traffic. */
class ApiKeyUsageTest {

    private final List<Instant> writes = new ArrayList<>();
    private final ApiKeyUsage cut = new ApiKeyUsage();

    ApiKeyUsageTest() {
        cut.keys = new ApiKeyService() {
            @Override
            public void touch(UUID keyId, Instant now, Instant threshold) {
                writes.add(now);
            }
        };
    }

    @Test
    void oneWriteAMinute() {
        UUID key = UUID.randomUUID();
        Instant t0 = Instant.parse("2026-01-09T14:05:00Z");
        cut.used(key, null, t0);
        assertEquals(List.of(t0), writes);
        cut.used(key, null, t0.plusSeconds(1));   // a request that read the row before the first write
        cut.used(key, t0, t0.plusSeconds(30));
        cut.used(key, t0, t0.plusSeconds(59));
        assertEquals(1, writes.size());
        cut.used(key, t0, t0.plusSeconds(61));
        assertEquals(List.of(t0, t0.plusSeconds(61)), writes);
    }

    @Test
    void aRecentValueWrittenByAnotherInstanceIsEnough() {
        Instant t0 = Instant.parse("2026-01-09T14:05:00Z");
        cut.used(UUID.randomUUID(), t0.minusSeconds(10), t0);
        assertEquals(List.of(), writes);
    }

    @Test
    void keysAreThrottledEachOnTheirOwn() {
        Instant t0 = Instant.parse("2026-01-09T14:05:00Z");
        cut.used(UUID.randomUUID(), null, t0);
        cut.used(UUID.randomUUID(), null, t0);
        assertEquals(2, writes.size());
    }
}
