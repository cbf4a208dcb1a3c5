-- PostgreSQL only. GET /audit-events?type=..&outcome=..&since=.. walks ix_audit_outcome_created
-- (the planner's pick when both filters are given) and filtered on type by reading every
-- row from the table: at 10 million events its capped count read 1,000 heap pages, 1.3x the
-- latency on an empty database (issue 14, bench/SCALE.md). With type carried in the index
-- the filter and the count read the index alone. Same key, so every other plan is unchanged,
-- and no extra index on the biggest table.
-- Upgrade cost: the index is rebuilt once, inside Flyway's transaction. Writes to
-- audit_events wait meanwhile (17 s at ten million events on 2 cores, PostgreSQL 15); reads go on using
-- the old index until the drop, which holds the table only from there to the commit.
CREATE INDEX ix_audit_outcome_created_type ON audit_events (outcome, created_at, id) INCLUDE (type);
DROP INDEX ix_audit_outcome_created;
ALTER INDEX ix_audit_outcome_created_type RENAME TO ix_audit_outcome_created;
