package dev.warden.sessions.entity;

import jakarta.persistence.Column;
import jakarta.persistence.ColumnResult;
import jakarta.persistence.ConstructorResult;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SqlResultSetMapping;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One refresh token of a session; only its SHA-256 is stored. */
@Entity
@Table(name = "refresh_tokens")
@NamedQuery(name = RefreshToken.BY_HASH, query = "select t from RefreshToken t where t.tokenHash = :hash")
// SQL, not JPQL: Hibernate 6 caches no plan for a JPQL update and translates it again on
// every call (~2 % of a refresh's Java time in a profile); the SQL is the same on both databases.
@NamedNativeQuery(name = RefreshToken.CONSUME, query = """
        UPDATE refresh_tokens SET used_at = ?1
        WHERE token_hash = ?2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?1""")
// PostgreSQL only (H2 has no data-modifying WITH): a rotation in one statement. The
// session's row is locked first, as in every revocation (the token's UPDATE needs it for
// its condition, so it waits for it before it takes the token's row): concurrent
// rotations and revocations of one session queue up instead of deadlocking. Then CONSUME's
// condition exactly, on a live session only, and if it consumed: the session's last use
// and the successor, which ends with the session at the latest. The answer is the session
// as locked, and whether the token was rotated (if not, nothing was written).
// One round trip and no entity instead of five statements (README "Targets missed").
@NamedNativeQuery(name = RefreshToken.ROTATE, resultSetMapping = RefreshToken.ROTATION, query = """
        WITH locked AS (
            SELECT id, user_id, expires_at, revoked_at FROM sessions
            WHERE id = (SELECT session_id FROM refresh_tokens WHERE token_hash = ?2)
            FOR NO KEY UPDATE),
        consumed AS (
            UPDATE refresh_tokens SET used_at = ?1
            WHERE token_hash = ?2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?1
              AND session_id = (SELECT id FROM locked WHERE revoked_at IS NULL AND expires_at > ?1)
            RETURNING session_id),
        used AS (
            UPDATE sessions SET last_used_at = ?1, ip_address = ?3, user_agent = ?4
            WHERE id IN (SELECT session_id FROM consumed)),
        successor AS (
            INSERT INTO refresh_tokens (id, session_id, token_hash, created_at, expires_at)
            SELECT ?5, c.session_id, ?6, ?1, LEAST(?7, l.expires_at) FROM consumed c, locked l
            RETURNING id)
        SELECT l.id AS session_id, l.user_id, l.expires_at AS session_expires_at,
               l.revoked_at IS NOT NULL AS revoked, EXISTS (SELECT 1 FROM successor) AS rotated
        FROM locked l""")
@SqlResultSetMapping(name = RefreshToken.ROTATION, classes = @ConstructorResult(targetClass = RefreshToken.Rotation.class,
        columns = {@ColumnResult(name = "session_id", type = UUID.class), @ColumnResult(name = "user_id", type = UUID.class),
                @ColumnResult(name = "session_expires_at", type = Instant.class),
                @ColumnResult(name = "revoked", type = Boolean.class),
                @ColumnResult(name = "rotated", type = Boolean.class)}))
public class RefreshToken {

    public static final String BY_HASH = "RefreshToken.byHash";
    public static final String CONSUME = "RefreshToken.consume";
    public static final String ROTATE = "RefreshToken.rotate";
    public static final String ROTATION = "RefreshToken.rotation";

    /**
     * What {@link #ROTATE} found: the presented token's session as locked, and whether it
     * consumed the token and wrote its successor (if not, it wrote nothing).
     */
    public record Rotation(UUID sessionId, UUID userId, Instant sessionExpiresAt, Boolean revoked, Boolean rotated) {
    }

    @Id
    private UUID id;
    @Column(name = "session_id")
    private UUID sessionId;
    @Column(name = "token_hash")
    private String tokenHash;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "used_at")
    private Instant usedAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected RefreshToken() {
    }

    public RefreshToken(UUID sessionId, String tokenHash, Instant now, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.sessionId = sessionId;
        this.tokenHash = tokenHash;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    public UUID sessionId() { return sessionId; }
    public Instant expiresAt() { return expiresAt; }
    public Instant usedAt() { return usedAt; }
    public Instant revokedAt() { return revokedAt; }
}
