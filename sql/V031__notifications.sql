-- 我的消息: one row per recipient and notice, written in the transaction of the change that caused it (a new step,
-- a return, an urge, a copy, a delegation, a co-signature asked for, a step due tomorrow or overdue).

CREATE TABLE notification (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    recipient_id  VARCHAR(64)   NOT NULL,
    type          VARCHAR(16)   NOT NULL,
    title         VARCHAR(500)  NOT NULL,
    case_no       VARCHAR(32),
    task_id       VARCHAR(64),
    actor_id      VARCHAR(64),
    created_at    DATETIME      NOT NULL,
    read_at       DATETIME,
    CONSTRAINT pk_notification PRIMARY KEY (id)
) DEFAULT CHARSET = utf8mb4;

CREATE INDEX ix_notification_recipient ON notification (recipient_id, read_at, id);
CREATE INDEX ix_notification_task ON notification (task_id, type);

-- Outbound messages (WeCom group robots, or the log) waiting to be sent: written with the notice, sent after the
-- commit by whichever node claims the row first (claimed_until), retried with growing pauses until max attempts.
CREATE TABLE notification_outbox (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    channel          VARCHAR(16)   NOT NULL,
    target           VARCHAR(32)   NOT NULL,
    format           VARCHAR(16)   NOT NULL,
    content          TEXT          NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    attempts         INT           NOT NULL,
    created_at       DATETIME      NOT NULL,
    next_attempt_at  DATETIME      NOT NULL,
    claimed_until    DATETIME,
    delivered_at     DATETIME,
    last_error       VARCHAR(500),
    CONSTRAINT pk_notification_outbox PRIMARY KEY (id)
) DEFAULT CHARSET = utf8mb4;

CREATE INDEX ix_notification_outbox_due ON notification_outbox (status, next_attempt_at);
