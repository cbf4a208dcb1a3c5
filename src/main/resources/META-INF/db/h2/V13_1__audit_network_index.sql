-- H2 only (the embedded default; PostgreSQL has a partial index instead, postgresql/V13_1):
-- the failed-logins-from-address alert counts a network's failed logins of the last ten
-- minutes (audit.control.AuditQuery#failedLoginsFromNetwork).
CREATE INDEX ix_audit_network_created ON audit_events (ip_network, created_at);
