-- The work-item read model: one row per user task of any process, kept by the engine's task events in the engine's
-- own transaction (create, assignment, update, complete, delete). It answers what the engine's runtime tables
-- forget: who completed which step when (已办, return targets, recall), how often a step was urged, whether the next
-- step was touched, and the case stage each step belonged to.

CREATE TABLE work_item (
    task_id              VARCHAR(64)   NOT NULL,
    process_instance_id  VARCHAR(64)   NOT NULL,
    process_key          VARCHAR(255),
    task_key             VARCHAR(255)  NOT NULL,
    task_name            VARCHAR(255),
    case_no              VARCHAR(64),
    household_id         BIGINT,
    township_code        VARCHAR(12),
    candidate_group      VARCHAR(255),
    assignee             VARCHAR(64),
    owner_id             VARCHAR(64),
    stage                VARCHAR(32),
    state                VARCHAR(16)   NOT NULL,
    end_reason           VARCHAR(16),
    created_at           DATETIME      NOT NULL,
    due_at               DATETIME,
    touched_at           DATETIME,
    completed_at         DATETIME,
    completed_by         VARCHAR(64),
    completed_ms         BIGINT,
    urge_count           INT           NOT NULL DEFAULT 0,
    last_urged_at        DATETIME,
    superseded           BOOLEAN       NOT NULL DEFAULT FALSE,
    CONSTRAINT pk_work_item PRIMARY KEY (task_id)
) DEFAULT CHARSET = utf8mb4;

-- open steps by township, candidate group or holder, in due order; 已办 newest first (keyset on completed_ms, task_id: milliseconds, since DATETIME
-- loses them on the MySQL driver's sendFractionalSeconds=false);
-- a case's steps; the daily urge of overdue steps
CREATE INDEX ix_work_item_township ON work_item (township_code, state, due_at, task_id);
CREATE INDEX ix_work_item_group ON work_item (candidate_group, state, due_at, task_id);
CREATE INDEX ix_work_item_assignee ON work_item (assignee, state, due_at, task_id);
CREATE INDEX ix_work_item_done ON work_item (completed_by, state, completed_ms, task_id);
CREATE INDEX ix_work_item_process ON work_item (process_instance_id, state, completed_ms);
CREATE INDEX ix_work_item_due ON work_item (state, due_at);

-- 加签: co-signers of a step; the step completes only once each present co-signer gave an opinion
CREATE TABLE step_cosigner (
    id           BIGINT         NOT NULL AUTO_INCREMENT,
    task_id      VARCHAR(64)    NOT NULL,
    user_id      VARCHAR(64)    NOT NULL,
    added_by     VARCHAR(64)    NOT NULL,
    added_at     DATETIME       NOT NULL,
    opinion      VARCHAR(2000),
    opinion_at   DATETIME,
    removed_at   DATETIME,
    CONSTRAINT pk_step_cosigner PRIMARY KEY (id)
) DEFAULT CHARSET = utf8mb4;

CREATE INDEX ix_step_cosigner_task ON step_cosigner (task_id, user_id);
CREATE INDEX ix_step_cosigner_user ON step_cosigner (user_id, opinion_at);

-- 抄送我的: a configured step copies people when it completes; read or unread per recipient
CREATE TABLE step_copy (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    recipient_id  VARCHAR(64)   NOT NULL,
    case_no       VARCHAR(64),
    task_id       VARCHAR(64)   NOT NULL,
    task_key      VARCHAR(255)  NOT NULL,
    step_name     VARCHAR(255)  NOT NULL,
    from_id       VARCHAR(64),
    created_at    DATETIME      NOT NULL,
    read_at       DATETIME,
    CONSTRAINT pk_step_copy PRIMARY KEY (id)
) DEFAULT CHARSET = utf8mb4;

CREATE INDEX ix_step_copy_recipient ON step_copy (recipient_id, read_at, id);
