-- Cluster-coherent in-memory views (issue 14): an instance may answer from memory what
-- the database would answer (today: which sessions are active) only while it keeps up
-- with every change. A change that invalidates such views raises the one epoch below in
-- its own transaction; each instance re-reads the epoch, drops its views when it moved,
-- and acknowledges the epoch it has seen with a heartbeat. The changing request answers
-- only once every live instance acknowledged its epoch (or its lease ran out).
CREATE TABLE cache_epoch (
    id         INTEGER PRIMARY KEY,
    epoch      BIGINT NOT NULL
);
INSERT INTO cache_epoch (id, epoch) VALUES (1, 0);

CREATE TABLE cache_instances (
    id           VARCHAR(36) PRIMARY KEY,
    seen_epoch   BIGINT NOT NULL,
    heartbeat_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
