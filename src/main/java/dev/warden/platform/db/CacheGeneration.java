package dev.warden.platform.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ClusterCache}'s views, current up to {@code epoch}. Dropping every view is
 * replacing the generation; {@code removals} counts the rounds that dropped single
 * entries, so that a load that raced such a drop can take itself out.
 */
final class CacheGeneration {

    /** More epochs than this behind, an instance drops every view rather than read what changed. */
    static final int MAX_KEYED_STEPS = 1_000;

    final long born = System.nanoTime();
    final ConcurrentHashMap<String, ConcurrentHashMap<Object, Object>> views = new ConcurrentHashMap<>();
    final AtomicLong removals = new AtomicLong();
    volatile long epoch;

    CacheGeneration(long epoch) {
        this.epoch = epoch;
    }

    /**
     * Brings the views up to {@code epoch} by dropping the entries changed since this
     * generation's epoch (recorded in {@code cache_changes}); false if only dropping every
     * view will do: an epoch in between without a record (a change of everything, or
     * records already purged), an unknown start, too long a gap, or an epoch going back.
     */
    boolean catchUp(Connection c, long epoch) throws SQLException {
        long from = this.epoch;
        if (epoch == from) {
            return true;
        }
        if (from < 0 || epoch < from || epoch - from > MAX_KEYED_STEPS) {
            return false;
        }
        Map<String, List<UUID>> changed = new HashMap<>();
        Set<Long> epochs = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT epoch, view_name, view_key FROM cache_changes WHERE epoch > ? AND epoch <= ?")) {
            s.setLong(1, from);
            s.setLong(2, epoch);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    epochs.add(rs.getLong(1));
                    changed.computeIfAbsent(rs.getString(2), v -> new ArrayList<>()).add(UUID.fromString(rs.getString(3)));
                }
            }
        }
        if (epochs.size() != epoch - from) {
            return false;
        }
        // counted before the drop: a load that read the removals before this sees them move
        removals.incrementAndGet();
        changed.forEach((view, keys) -> {
            var values = views.get(view);
            if (values != null) {
                keys.forEach(values::remove);
            }
        });
        this.epoch = epoch;
        return true;
    }
}
