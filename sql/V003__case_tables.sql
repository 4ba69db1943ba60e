-- The case's own record beside the engine: every completed step and every event (objection, batch decision,
-- withdrawal, carry-over ...) with who, when, what was decided and why, and the subsidy payments. The engine's
-- history could be cleaned up after its time to live; this record is the 一户一档 file and stays.

CREATE TABLE case_event (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    household_id  BIGINT        NOT NULL,
    case_no       VARCHAR(20)   NOT NULL,
    event_type    VARCHAR(32)   NOT NULL,
    stage         VARCHAR(32),
    task_id       VARCHAR(64),
    task_key      VARCHAR(64),
    task_name     VARCHAR(100),
    actor         VARCHAR(64)   NOT NULL,
    actor_name    VARCHAR(100),
    occurred_at   DATETIME      NOT NULL,
    decision      VARCHAR(32),
    comment       VARCHAR(2000),
    details       TEXT,
    CONSTRAINT pk_case_event PRIMARY KEY (id),
    CONSTRAINT fk_case_event_household FOREIGN KEY (household_id) REFERENCES household (id)
) DEFAULT CHARSET = utf8mb4;

CREATE INDEX ix_case_event_household ON case_event (household_id, id);

-- One row per paid tranche; (household, tranche) is unique so a payment is never recorded twice.
CREATE TABLE subsidy_payment (
    id            BIGINT         NOT NULL AUTO_INCREMENT,
    household_id  BIGINT         NOT NULL,
    tranche_no    INT            NOT NULL,
    milestone     VARCHAR(16)    NOT NULL,
    amount        DECIMAL(12, 2) NOT NULL,
    paid_on       DATE           NOT NULL,
    voucher_no    VARCHAR(64)    NOT NULL,
    recorded_by   VARCHAR(64)    NOT NULL,
    recorded_at   DATETIME       NOT NULL,
    CONSTRAINT pk_subsidy_payment PRIMARY KEY (id),
    CONSTRAINT uk_subsidy_payment UNIQUE (household_id, tranche_no),
    CONSTRAINT fk_subsidy_payment_household FOREIGN KEY (household_id) REFERENCES household (id)
) DEFAULT CHARSET = utf8mb4;
