-- Annual plans (年度计划) with township targets, the rollover (结转) of unfinished cases to the next year, and
-- the frozen statistics of a closed year.

CREATE TABLE annual_plan (
    plan_year            INT           NOT NULL,
    status               VARCHAR(32)   NOT NULL,
    note                 VARCHAR(1000),
    created_by           VARCHAR(64)   NOT NULL,
    created_at           DATETIME      NOT NULL,
    approved_by          VARCHAR(64),
    approved_at          DATETIME,
    process_instance_id  VARCHAR(64),
    version              INT           NOT NULL DEFAULT 0,
    CONSTRAINT pk_annual_plan PRIMARY KEY (plan_year)
) DEFAULT CHARSET = utf8mb4;

CREATE TABLE plan_target (
    plan_year      INT     NOT NULL,
    township_code  CHAR(9) NOT NULL,
    households     INT     NOT NULL,
    people         INT     NOT NULL,
    CONSTRAINT pk_plan_target PRIMARY KEY (plan_year, township_code),
    CONSTRAINT fk_plan_target_plan FOREIGN KEY (plan_year) REFERENCES annual_plan (plan_year),
    CONSTRAINT fk_plan_target_township FOREIGN KEY (township_code) REFERENCES township (code)
) DEFAULT CHARSET = utf8mb4;

-- One rollover per closing year; status PROPOSED -> CONFIRMED -> DONE, or REJECTED.
CREATE TABLE rollover (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    from_year     INT           NOT NULL,
    to_year       INT           NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    households    INT           NOT NULL,
    people        INT           NOT NULL,
    reason        VARCHAR(500)  NOT NULL,
    proposed_by   VARCHAR(64)   NOT NULL,
    proposed_at   DATETIME      NOT NULL,
    confirmed_by  VARCHAR(64),
    confirmed_at  DATETIME,
    finished_at   DATETIME,
    CONSTRAINT pk_rollover PRIMARY KEY (id)
) DEFAULT CHARSET = utf8mb4;

CREATE INDEX ix_rollover_year ON rollover (from_year, id);

-- A case carried from one plan year to the next; (household, from_year) is unique, so no case is carried twice.
CREATE TABLE carry_over (
    id                 BIGINT        NOT NULL AUTO_INCREMENT,
    household_id       BIGINT        NOT NULL,
    case_no            VARCHAR(20)   NOT NULL,
    from_year          INT           NOT NULL,
    to_year            INT           NOT NULL,
    stage_at_rollover  VARCHAR(32)   NOT NULL,
    people             INT           NOT NULL,
    reason             VARCHAR(500)  NOT NULL,
    rollover_id        BIGINT        NOT NULL,
    carried_by         VARCHAR(64)   NOT NULL,
    carried_at         DATETIME      NOT NULL,
    CONSTRAINT pk_carry_over PRIMARY KEY (id),
    CONSTRAINT uk_carry_over UNIQUE (household_id, from_year),
    CONSTRAINT fk_carry_over_household FOREIGN KEY (household_id) REFERENCES household (id),
    CONSTRAINT fk_carry_over_rollover FOREIGN KEY (rollover_id) REFERENCES rollover (id)
) DEFAULT CHARSET = utf8mb4;

CREATE INDEX ix_carry_over_to_year ON carry_over (to_year, household_id);
CREATE INDEX ix_carry_over_from_year ON carry_over (from_year, household_id);

-- The statistics of a year as they stood when it was closed by its rollover; they never change afterwards.
CREATE TABLE plan_snapshot (
    plan_year   INT      NOT NULL,
    frozen_at   DATETIME NOT NULL,
    statistics  TEXT     NOT NULL,
    CONSTRAINT pk_plan_snapshot PRIMARY KEY (plan_year)
) DEFAULT CHARSET = utf8mb4;

-- statistics of a year start from the households registered for it
CREATE INDEX ix_household_origin_year ON household (origin_year, township_code);
