-- Leaders' batch approval (批次审批): a batch of cases waiting for approval, the leaders' decisions on it,
-- and what became of each case. open_household_id is the household id while the batch is undecided and NULL
-- afterwards: its unique index keeps a case out of two open batches at once.

CREATE TABLE approval_batch (
    id                   BIGINT         NOT NULL AUTO_INCREMENT,
    plan_year            INT            NOT NULL,
    title                VARCHAR(200)   NOT NULL,
    status               VARCHAR(32)    NOT NULL,
    author               VARCHAR(64)    NOT NULL,
    created_at           DATETIME       NOT NULL,
    households           INT            NOT NULL,
    people               INT            NOT NULL,
    total_subsidy        DECIMAL(14, 2) NOT NULL,
    needs_head           BOOLEAN,
    document_no          VARCHAR(100),
    decided_at           DATETIME,
    process_instance_id  VARCHAR(64),
    version              INT            NOT NULL DEFAULT 0,
    CONSTRAINT pk_approval_batch PRIMARY KEY (id)
) DEFAULT CHARSET = utf8mb4;

CREATE INDEX ix_approval_batch_year ON approval_batch (plan_year, id);

CREATE TABLE approval_batch_case (
    batch_id           BIGINT         NOT NULL,
    household_id       BIGINT         NOT NULL,
    case_no            VARCHAR(20)    NOT NULL,
    township_code      CHAR(9)        NOT NULL,
    people             INT            NOT NULL,
    subsidy_amount     DECIMAL(12, 2),
    resettlement_mode  VARCHAR(24),
    outcome            VARCHAR(16)    NOT NULL,
    opinion            VARCHAR(1000),
    open_household_id  BIGINT,
    CONSTRAINT pk_approval_batch_case PRIMARY KEY (batch_id, household_id),
    CONSTRAINT uk_approval_batch_case_open UNIQUE (open_household_id),
    CONSTRAINT fk_approval_batch_case_batch FOREIGN KEY (batch_id) REFERENCES approval_batch (id),
    CONSTRAINT fk_approval_batch_case_household FOREIGN KEY (household_id) REFERENCES household (id)
) DEFAULT CHARSET = utf8mb4;

CREATE INDEX ix_approval_batch_case_household ON approval_batch_case (household_id);

CREATE TABLE approval_decision (
    id                 BIGINT        NOT NULL AUTO_INCREMENT,
    batch_id           BIGINT        NOT NULL,
    level              VARCHAR(16)   NOT NULL,
    decision           VARCHAR(32)   NOT NULL,
    decided_by         VARCHAR(64)   NOT NULL,
    decided_at         DATETIME      NOT NULL,
    comment            VARCHAR(2000) NOT NULL,
    document_no        VARCHAR(100),
    excluded_case_nos  TEXT,
    CONSTRAINT pk_approval_decision PRIMARY KEY (id),
    CONSTRAINT uk_approval_decision_level UNIQUE (batch_id, level),
    CONSTRAINT fk_approval_decision_batch FOREIGN KEY (batch_id) REFERENCES approval_batch (id)
) DEFAULT CHARSET = utf8mb4;
