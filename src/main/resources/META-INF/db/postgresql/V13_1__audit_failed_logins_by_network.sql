-- PostgreSQL only. The failed-logins-from-address alert counts a network's failed logins of
-- the last ten minutes after every failed login (audit.control.AuditQuery#failedLoginsFromNetwork,
-- whose type and outcome are literals, so that every plan of it can use this index). Partial:
-- only failed logins with a network, a small part of the trail, and nothing at all at the
-- upgrade (no event has a network yet), so building it reads the table once and sorts
-- nothing: writes to audit_events wait only for that read (0.5 s for 3 million events,
-- 289 MB, on 2 cores, PostgreSQL 17, the table in memory; V11_2's rebuild took 17 s at 10
-- million).
CREATE INDEX ix_audit_failed_logins_network ON audit_events (ip_network, created_at)
    WHERE type = 'login' AND outcome = 'failure' AND ip_network IS NOT NULL;
