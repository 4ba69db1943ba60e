-- A year's statistics from counters kept with the cases (annualplan CaseTally), instead of aggregating every
-- household of the year on each request.
--
-- case_tally_part  what each household adds to the figures of each year it counts in: its own year (origin_year,
--                  carried_in FALSE) and every year it was carried into (carry_over.to_year, carried_in TRUE); per
--                  part the attributes the figures ask about, as the household has them now, its people and the
--                  subsidy paid to it.
-- case_tally       the parts added up per year and attributes: households, people, paid.
-- Both are brought up to date in the transaction that changes a household, a carry-over or a payment, just
-- before it commits (the part's old values out, its new ones in), so they are exact at every commit.
-- resettlement_mode is '' while none is chosen; moved_in_year 0 while not moved in.

CREATE TABLE case_tally_part (
    household_id       BIGINT         NOT NULL,
    plan_year          INT            NOT NULL,
    carried_in         BOOLEAN        NOT NULL,
    township_code      CHAR(9)        NOT NULL,
    stage              VARCHAR(32)    NOT NULL,
    resettlement_mode  VARCHAR(24)    NOT NULL,
    current_year       INT            NOT NULL,
    closed             BOOLEAN        NOT NULL,
    moved_in_year      INT            NOT NULL,
    demolished         BOOLEAN        NOT NULL,
    accepted           BOOLEAN        NOT NULL,
    archived           BOOLEAN        NOT NULL,
    people             INT            NOT NULL,
    paid               DECIMAL(16, 2) NOT NULL,
    CONSTRAINT pk_case_tally_part PRIMARY KEY (household_id, plan_year)
) DEFAULT CHARSET = utf8mb4;

CREATE TABLE case_tally (
    plan_year          INT            NOT NULL,
    carried_in         BOOLEAN        NOT NULL,
    township_code      CHAR(9)        NOT NULL,
    stage              VARCHAR(32)    NOT NULL,
    resettlement_mode  VARCHAR(24)    NOT NULL,
    current_year       INT            NOT NULL,
    closed             BOOLEAN        NOT NULL,
    moved_in_year      INT            NOT NULL,
    demolished         BOOLEAN        NOT NULL,
    accepted           BOOLEAN        NOT NULL,
    archived           BOOLEAN        NOT NULL,
    households         INT            NOT NULL,
    people             INT            NOT NULL,
    paid               DECIMAL(16, 2) NOT NULL,
    CONSTRAINT pk_case_tally PRIMARY KEY (plan_year, carried_in, township_code, stage, resettlement_mode, current_year, closed,
                                          moved_in_year, demolished, accepted, archived)
) DEFAULT CHARSET = utf8mb4;

INSERT INTO case_tally_part (household_id, plan_year, carried_in, township_code, stage, resettlement_mode, current_year, closed,
                             moved_in_year, demolished, accepted, archived, people, paid)
SELECT h.id, h.origin_year, FALSE, h.township_code, h.stage, COALESCE(h.resettlement_mode, ''), h.plan_year, h.closed,
       COALESCE(YEAR(h.moved_in_date), 0),
       CASE WHEN h.demolished_date IS NULL THEN FALSE ELSE TRUE END,
       CASE WHEN h.accepted_date IS NULL THEN FALSE ELSE TRUE END,
       CASE WHEN h.archived_date IS NULL THEN FALSE ELSE TRUE END,
       h.people, (SELECT COALESCE(SUM(p.amount), 0) FROM subsidy_payment p WHERE p.household_id = h.id)
FROM household h;

INSERT INTO case_tally_part (household_id, plan_year, carried_in, township_code, stage, resettlement_mode, current_year, closed,
                             moved_in_year, demolished, accepted, archived, people, paid)
SELECT h.id, c.to_year, TRUE, h.township_code, h.stage, COALESCE(h.resettlement_mode, ''), h.plan_year, h.closed,
       COALESCE(YEAR(h.moved_in_date), 0),
       CASE WHEN h.demolished_date IS NULL THEN FALSE ELSE TRUE END,
       CASE WHEN h.accepted_date IS NULL THEN FALSE ELSE TRUE END,
       CASE WHEN h.archived_date IS NULL THEN FALSE ELSE TRUE END,
       h.people, (SELECT COALESCE(SUM(p.amount), 0) FROM subsidy_payment p WHERE p.household_id = h.id)
FROM carry_over c JOIN household h ON h.id = c.household_id;

INSERT INTO case_tally (plan_year, carried_in, township_code, stage, resettlement_mode, current_year, closed, moved_in_year,
                        demolished, accepted, archived, households, people, paid)
SELECT plan_year, carried_in, township_code, stage, resettlement_mode, current_year, closed, moved_in_year, demolished, accepted,
       archived, COUNT(*), SUM(people), SUM(paid)
FROM case_tally_part
GROUP BY plan_year, carried_in, township_code, stage, resettlement_mode, current_year, closed, moved_in_year, demolished, accepted,
         archived;
