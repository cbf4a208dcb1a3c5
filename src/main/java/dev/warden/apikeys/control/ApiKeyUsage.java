package dev.warden.apikeys.control;

import dev.warden.platform.db.DatabaseFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps {@code last_used} to within a minute without writing on every request: a key's
 * row is updated only when the stored value is older than {@link #RESOLUTION}. Within one
 * instance, of many concurrent requests with one key only the first issues the UPDATE;
 * across instances the UPDATE is conditional, so a second writer changes nothing.
 * At most one write per key per minute, however busy the key. A database that takes no
 * writes (a standby) leaves {@code last_used} as it was and the request is served: it only
 * reads.
 */
@ApplicationScoped
public class ApiKeyUsage {

    public static final Duration RESOLUTION = Duration.ofMinutes(1);
    private static final int MAX_TRACKED = 10_000;

    private static final Logger LOG = Logger.getLogger(ApiKeyUsage.class.getName());

    private final Map<UUID, Instant> written = new ConcurrentHashMap<>();

    @Inject
    ApiKeyService keys;

    /** Called for each authenticated use, with the value the lookup read. */
    public void used(UUID keyId, Instant stored, Instant now) {
        Instant threshold = now.minus(RESOLUTION);
        if (stored != null && stored.isAfter(threshold)) {
            return;
        }
        boolean[] mine = {false};
        written.compute(keyId, (id, previous) -> {
            if (previous != null && previous.isAfter(threshold)) {
                return previous;
            }
            mine[0] = true;
            return now;
        });
        if (!mine[0]) {
            return;
        }
        if (written.size() > MAX_TRACKED) {
            written.values().removeIf(at -> !at.isAfter(threshold));
        }
        try {
            keys.touch(keyId, now, threshold);
        } catch (RuntimeException e) {
            if (!DatabaseFailures.readOnly(e)) {
                throw e;
            }
            // a database that takes no writes (a standby): last_used waits, the read is served
            LOG.log(Level.FINE, "last_used of an API key not written: the database is read-only", e);
        }
    }
}
