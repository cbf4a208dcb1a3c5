package dev.warden.stats.boundary;

import dev.warden.stats.control.Stats;
import dev.warden.users.entity.Role;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** GET /admin/stats (SPEC 5.4). */
@JsonbPropertyOrder({"users", "activeSessions", "apiKeysActive", "failedLogins24h", "openAlerts"})
public record StatsView(Users users, long activeSessions, long apiKeysActive,
                        @JsonbProperty("failed_logins_24h") long failedLogins24h, long openAlerts) {

    @JsonbPropertyOrder({"total", "byRole", "locked", "inactive"})
    public record Users(long total, ByRole byRole, long locked, long inactive) {
    }

    public record ByRole(long admin, long analyst, long viewer) {
    }

    static StatsView of(Stats.Snapshot s) {
        return new StatsView(new Users(s.users(), new ByRole(s.byRole().get(Role.ADMIN), s.byRole().get(Role.ANALYST),
                s.byRole().get(Role.VIEWER)), s.locked(), s.inactive()), s.activeSessions(), s.apiKeysActive(),
                s.failedLogins24h(), s.openAlerts());
    }
}
