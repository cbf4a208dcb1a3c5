-- Security data: the audit trail, alerts raised from it, saved reports over it, and the
-- runs of cluster-wide scheduled jobs. PostgreSQL and H2 (PostgreSQL mode) alike.

-- Every security event. No foreign keys: the trail outlives the users it names.
CREATE TABLE audit_events (
    id              UUID         PRIMARY KEY,
    type            VARCHAR(40)  NOT NULL,
    outcome         VARCHAR(10)  NOT NULL,
    actor_id        UUID,
    target_user_id  UUID,
    ip_address      VARCHAR(64),
    user_agent      VARCHAR(512),
    -- a JSON object, never a secret (audit.control.AuditDetails checks the keys and values)
    details         VARCHAR(4000) NOT NULL,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT ck_audit_outcome CHECK (outcome IN ('success', 'failure'))
);
-- Newest first, alone (the plain list, the purge) or after one equality filter; user_id
-- means actor or target, so both have an index (the planner ORs them).
CREATE INDEX ix_audit_created ON audit_events (created_at, id);
CREATE INDEX ix_audit_type_created ON audit_events (type, created_at, id);
CREATE INDEX ix_audit_actor_created ON audit_events (actor_id, created_at, id);
CREATE INDEX ix_audit_target_created ON audit_events (target_user_id, created_at, id);
CREATE INDEX ix_audit_ip_created ON audit_events (ip_address, created_at, id);
CREATE INDEX ix_audit_outcome_created ON audit_events (outcome, created_at, id);

-- Alerts. open_key is type:user:address while the alert is open and NULL afterwards: its
-- unique constraint lets one open alert exist per subject (NULLs never collide).
CREATE TABLE alerts (
    id           UUID          PRIMARY KEY,
    type         VARCHAR(40)   NOT NULL,
    severity     VARCHAR(10)   NOT NULL,
    status       VARCHAR(15)   NOT NULL,
    title        VARCHAR(200)  NOT NULL,
    details      VARCHAR(4000) NOT NULL,
    user_id      UUID,
    ip_address   VARCHAR(64),
    occurrences  INTEGER       NOT NULL,
    open_key     VARCHAR(200),
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_alerts_open_key UNIQUE (open_key),
    CONSTRAINT ck_alerts_severity CHECK (severity IN ('low', 'medium', 'high')),
    CONSTRAINT ck_alerts_status CHECK (status IN ('open', 'acknowledged', 'resolved'))
);
CREATE INDEX ix_alerts_created ON alerts (created_at);
CREATE INDEX ix_alerts_status_created ON alerts (status, created_at);

-- Saved audit queries.
CREATE TABLE reports (
    id            UUID          PRIMARY KEY,
    name          VARCHAR(100)  NOT NULL,
    description   VARCHAR(1000),
    event_types   VARCHAR(2000),
    user_id       UUID,
    outcome       VARCHAR(10),
    filter_since  TIMESTAMP(6) WITH TIME ZONE,
    filter_until  TIMESTAMP(6) WITH TIME ZONE,
    created_by    UUID,
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_reports_created ON reports (created_at);

-- When each cluster-wide job last ran: an instance runs a job only if its UPDATE of this
-- row moved last_run_at forward, so one instance per period does the work.
CREATE TABLE job_runs (
    name         VARCHAR(64)  PRIMARY KEY,
    last_run_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
INSERT INTO job_runs (name, last_run_at) VALUES ('audit-retention', TIMESTAMP WITH TIME ZONE '2000-01-01 00:00:00+00');
