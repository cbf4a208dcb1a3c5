-- Retention of ended sessions and expired refresh tokens (sessions.control.SessionRetention):
-- without it every refresh left a row for ever. The purge finds its rows by these indexes;
-- one instance of the cluster runs it per period, claimed in job_runs.
CREATE INDEX ix_refresh_tokens_expires_at ON refresh_tokens (expires_at);
CREATE INDEX ix_sessions_revoked_at ON sessions (revoked_at);
INSERT INTO job_runs (name, last_run_at) VALUES ('session-retention', TIMESTAMP WITH TIME ZONE '2000-01-01 00:00:00+00');
