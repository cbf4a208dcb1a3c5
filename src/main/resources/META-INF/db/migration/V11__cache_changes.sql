-- Keyed invalidation of the in-memory views (issue 14): a change that concerns one entry
-- of one view (one user's own view) raises the epoch as before and records here which
-- entry it was. An instance whose views are current up to epoch N, seeing epoch M, drops
-- just the entries recorded for N+1..M when every one of those epochs has its row;
-- otherwise (a change of everything, or rows already purged) it drops all its views.
-- Rows are only needed while an instance may lag: they are purged after 10 minutes.
CREATE TABLE cache_changes (
    epoch      BIGINT NOT NULL,
    view_name  VARCHAR(40) NOT NULL,
    view_key   VARCHAR(36) NOT NULL,
    changed_at TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (epoch, view_name, view_key)
);
