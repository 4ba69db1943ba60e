-- The audit trail becomes tamper-evident: every entry carries its place in one chain (chain_seq, 1, 2, 3 ...) and
-- entry_hash = SHA-256 over the previous entry's hash and the entry's own fields (AuditChainHash). The chain's head
-- (one row, locked FOR UPDATE by every append) serialises writers on every node, so entries written at once still
-- form one chain. Entries written before this migration are chained once by V012 (Java, AuditChainMigrations);
-- on MySQL/MariaDB V013 adds triggers that refuse UPDATE and DELETE on audit_log.

ALTER TABLE audit_log ADD COLUMN chain_seq BIGINT;
ALTER TABLE audit_log ADD COLUMN entry_hash CHAR(64);
CREATE UNIQUE INDEX ux_audit_log_chain ON audit_log (chain_seq);

CREATE TABLE audit_chain_head (
    id         INT         NOT NULL,
    last_seq   BIGINT      NOT NULL,
    last_hash  CHAR(64)    NOT NULL,
    CONSTRAINT pk_audit_chain_head PRIMARY KEY (id)
) DEFAULT CHARSET = utf8mb4;

INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
