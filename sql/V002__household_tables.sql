-- Households (one relocation case each) and their members.
--
-- case_no      640424-<origin_year>-<4-digit sequence>, fixed for the life of the case.
-- origin_year  the plan year the household was registered for; plan_year is its current plan year and
--              moves forward when an unfinished case is carried over (结转) to the next year.
-- stage        the case's current stage code (IDENTIFIED ... ARCHIVED, DECLINED, REJECTED, WITHDRAWN), kept in
--              the same transaction as the engine's state so lists and statistics never ask the engine.
-- closed       true once the case has ended (archived, rejected, withdrawn) or is declined.
-- people       the number of members, kept with the members so statistics are one SUM away.
-- eligible, priority, subsidy_amount   the county assessment (DMN), confirmed subsidy after the agreement.
-- *_date       milestones the case process records (move-in decides the year a household counts as relocated).

CREATE TABLE household (
    id                   BIGINT        NOT NULL AUTO_INCREMENT,
    case_no              VARCHAR(20)   NOT NULL,
    origin_year          INT           NOT NULL,
    plan_year            INT           NOT NULL,
    township_code        CHAR(9)       NOT NULL,
    village_id           BIGINT        NOT NULL,
    village_group        VARCHAR(20),
    hazard_site_id       BIGINT,
    category             VARCHAR(24)   NOT NULL,
    risk_level           VARCHAR(16)   NOT NULL,
    head_name            VARCHAR(50)   NOT NULL,
    head_id_hash         CHAR(64)      NOT NULL,
    phone_cipher         VARCHAR(200),
    phone_masked         VARCHAR(20),
    declared_size        INT,
    people               INT           NOT NULL,
    resettlement_mode    VARCHAR(24),
    remarks              VARCHAR(500),
    stage                VARCHAR(32)   NOT NULL,
    closed               BOOLEAN       NOT NULL DEFAULT FALSE,
    process_instance_id  VARCHAR(64),
    eligible             BOOLEAN,
    priority             INT,
    subsidy_amount       DECIMAL(12, 2),
    agreement_date       DATE,
    moved_in_date        DATE,
    demolished_date      DATE,
    demolition_overdue   BOOLEAN       NOT NULL DEFAULT FALSE,
    reclaimed_date       DATE,
    accepted_date        DATE,
    archived_date        DATE,
    closed_at            DATETIME      NULL,
    version              INT           NOT NULL DEFAULT 0,
    created_by           VARCHAR(64)   NOT NULL,
    created_at           DATETIME      NOT NULL,
    updated_by           VARCHAR(64)   NOT NULL,
    updated_at           DATETIME      NOT NULL,
    CONSTRAINT pk_household PRIMARY KEY (id),
    CONSTRAINT uk_household_case_no UNIQUE (case_no),
    CONSTRAINT fk_household_township FOREIGN KEY (township_code) REFERENCES township (code),
    CONSTRAINT fk_household_village FOREIGN KEY (village_id) REFERENCES village (id),
    CONSTRAINT fk_household_hazard_site FOREIGN KEY (hazard_site_id) REFERENCES hazard_site (id)
) DEFAULT CHARSET = utf8mb4;

-- the year's list, scoped to a township, newest first; statistics by year
CREATE INDEX ix_household_year_township ON household (plan_year, township_code, id);
-- "is this head's household of this year already registered?" (import idempotence)
CREATE INDEX ix_household_head ON household (head_id_hash, origin_year);
CREATE INDEX ix_household_stage ON household (plan_year, stage);

-- Identity numbers are never stored in the clear: id_cipher is AES-GCM, id_hash a keyed HMAC-SHA256 for
-- lookups and the duplicate check, id_masked what lists show (640424********123X).
-- active_id_hash equals id_hash while the household is open and is NULL once it is closed, so the unique
-- index enforces "a person belongs to at most one open household" in the database itself.
CREATE TABLE member (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    household_id    BIGINT       NOT NULL,
    seq             INT          NOT NULL,
    name            VARCHAR(50)  NOT NULL,
    relation        VARCHAR(16)  NOT NULL,
    id_cipher       VARCHAR(200) NOT NULL,
    id_hash         CHAR(64)     NOT NULL,
    id_masked       CHAR(18)     NOT NULL,
    active_id_hash  CHAR(64),
    sex             CHAR(1)      NOT NULL,
    birth_date      DATE         NOT NULL,
    CONSTRAINT pk_member PRIMARY KEY (id),
    CONSTRAINT uk_member_active_person UNIQUE (active_id_hash),
    CONSTRAINT fk_member_household FOREIGN KEY (household_id) REFERENCES household (id)
) DEFAULT CHARSET = utf8mb4;

CREATE INDEX ix_member_household ON member (household_id, seq);
CREATE INDEX ix_member_id_hash ON member (id_hash);

-- Case numbers are issued per origin year without gaps: the next free sequence of each year.
CREATE TABLE case_sequence (
    plan_year   INT NOT NULL,
    next_value  INT NOT NULL,
    CONSTRAINT pk_case_sequence PRIMARY KEY (plan_year)
) DEFAULT CHARSET = utf8mb4;
