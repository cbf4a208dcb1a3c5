-- PostgreSQL only. The audit trail is append-only for the user of the requests when another
-- user owns the tables (warden.db.migration-user, README "Least privilege"): that user may
-- insert events and read them, but neither change nor delete one (RequestUserGrants). The
-- retention purge (audit.control.AuditPurge) deletes through this function instead, which
-- runs as the tables' owner and deletes only events older than the retention the owner
-- recorded at the last start (audit_retention, written by start-up as the migrations' user,
-- never writable by the user of the requests). So a thief of the requests' database
-- password can add events but cannot erase the trail of what it did, nor anything newer
-- than warden.audit.retention.
-- Without a row in audit_retention the function deletes nothing.
CREATE TABLE audit_retention (
    id          SMALLINT                    PRIMARY KEY,
    retention   INTERVAL                    NOT NULL,
    recorded_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT ck_audit_retention_one_row CHECK (id = 1),
    CONSTRAINT ck_audit_retention_positive CHECK (retention > INTERVAL '0')
);

-- Deletes up to batch of the oldest events created before cutoff and before the recorded
-- retention; answers how many it deleted.
CREATE FUNCTION warden_purge_audit_events(cutoff TIMESTAMP WITH TIME ZONE, batch INTEGER) RETURNS INTEGER
    LANGUAGE sql SECURITY DEFINER
AS $$
    WITH gone AS (
        DELETE FROM audit_events WHERE id IN (
            SELECT id FROM audit_events
            WHERE created_at < cutoff
              AND created_at < (SELECT now() - retention FROM audit_retention WHERE id = 1)
            ORDER BY created_at
            LIMIT batch)
        RETURNING 1)
    SELECT count(*)::INTEGER FROM gone
$$;

-- A function that runs as its owner must not resolve names through a schema its caller
-- controls (pg_temp first, by default): only the schema of Warden's tables, then pg_temp.
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION warden_purge_audit_events(TIMESTAMP WITH TIME ZONE, INTEGER) '
        || 'SET search_path = %I, pg_temp', current_schema());
END $$;

-- Only the users Warden grants it to (RequestUserGrants) may run it, not every role.
REVOKE ALL ON FUNCTION warden_purge_audit_events(TIMESTAMP WITH TIME ZONE, INTEGER) FROM PUBLIC;
