-- Locks shared by the nodes of a cluster (ClusterLock): a named row that one node holds at a time, either for one
-- transaction (SELECT ... FOR UPDATE) or as a lease (holder and until, taken with one conditional UPDATE and given
-- back when done; a node that dies loses it when the lease runs out).
--   case-opener        one chunk of cases opened at a time, whichever node opens it
--   case-opener-sweep  one node at a time looks for households left without a case

CREATE TABLE cluster_lock (
    name          VARCHAR(64)   NOT NULL,
    holder        VARCHAR(128),
    locked_until  TIMESTAMP     NULL,
    CONSTRAINT pk_cluster_lock PRIMARY KEY (name)
);

INSERT INTO cluster_lock (name) VALUES ('case-opener'), ('case-opener-sweep');
