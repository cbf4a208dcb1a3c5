package dev.warden.audit.control;

import dev.warden.audit.entity.EventType;
import dev.warden.audit.entity.Outcome;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What a component tells the audit trail: the type, the outcome, whom it concerns and a
 * few non-secret details. The actor defaults to the authenticated caller of the request;
 * the client address and user agent are the request's.
 * <pre>audit.record(Audited.success(EventType.USER_DELETED).target(id));</pre>
 */
public record Audited(EventType type, Outcome outcome, UUID actorId, UUID targetUserId, Map<String, Object> details) {

    public Audited {
        details = Collections.unmodifiableMap(AuditDetails.checked(details));
    }

    public static Audited success(EventType type) {
        return new Audited(type, Outcome.SUCCESS, null, null, Map.of());
    }

    public static Audited failure(EventType type) {
        return new Audited(type, Outcome.FAILURE, null, null, Map.of());
    }

    /** The user who acted, where it is not the request's caller (a login: the user logging in). */
    public Audited actor(UUID actor) {
        return new Audited(type, outcome, actor, targetUserId, details);
    }

    /** The user the event is about. */
    public Audited target(UUID target) {
        return new Audited(type, outcome, actorId, target, details);
    }

    /** A detail: a snake_case name and a non-secret value (string, number, boolean, UUID, Instant, list). */
    public Audited with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(name, value);
        return new Audited(type, outcome, actorId, targetUserId, more);
    }
}
