-- PostgreSQL only. Every login, refresh and MFA step first raises its address's counter in
-- rate_windows, in a transaction of its own, and that commit was the dearest part of the
-- decision: a WAL record and an fsync per request (PostgreSQL spent ~0.45 ms more per
-- refresh with the limit on than off, bench notes in the README). An unlogged table writes
-- no WAL, so a decision that only counts commits without waiting for the disk; a refusal
-- that writes its audit event still commits durably.
-- What it gives up: after a crash of PostgreSQL (not a clean restart) and on a promoted
-- standby, the counters start from zero, so a client may get up to one more minute's
-- allowance. Lockout counts and everything else stay logged.
ALTER TABLE rate_windows SET UNLOGGED;
