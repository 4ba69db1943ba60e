-- The audit trail: append-only. The application only ever inserts and reads here: every write (who, when, what,
-- the fields before and after), every reveal of a full identity or phone number, every failed login and lock,
-- every refusal. Personal data in it is masked.

CREATE TABLE audit_log (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    occurred_at   DATETIME      NOT NULL,
    actor         VARCHAR(64)   NOT NULL,
    action        VARCHAR(32)   NOT NULL,
    entity        VARCHAR(32),
    entity_id     VARCHAR(64),
    summary       VARCHAR(500),
    before_value  TEXT,
    after_value   TEXT,
    http_status   INT,
    remote_addr   VARCHAR(64),
    CONSTRAINT pk_audit_log PRIMARY KEY (id)
) DEFAULT CHARSET = utf8mb4;

CREATE INDEX ix_audit_log_entity ON audit_log (entity, entity_id, id);
CREATE INDEX ix_audit_log_actor ON audit_log (actor, occurred_at);
CREATE INDEX ix_audit_log_time ON audit_log (occurred_at);

-- Failed logins in a row per account; five lock it for fifteen minutes.
CREATE TABLE account_lock (
    user_id          VARCHAR(64) NOT NULL,
    failures         INT         NOT NULL,
    last_failure_at  DATETIME    NOT NULL,
    locked_until     DATETIME,
    CONSTRAINT pk_account_lock PRIMARY KEY (user_id)
) DEFAULT CHARSET = utf8mb4;
