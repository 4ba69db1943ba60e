-- The statistics' counters spread over slots: a counter (a year, township, stage and the other attributes) is now
-- the sum of up to 16 rows, one per slot, and each transaction adds its changes to the slot of the thread it runs on
-- (annualplan CaseTally). A counter row stays locked from its update to the commit, and every case of a township and
-- stage moves the same counter: a decided batch's jobs, and clients completing steps of one stage, each waited for
-- the transaction before to commit. With slots they mostly update different rows. The figures add the slots up, so
-- a single row may be negative or zero while its counter is not; the sum is exact at every commit, as before.
-- Rebuilt from the parts (exact), everything in slot 0; slot has a default so a node still on the previous version
-- keeps writing slot 0 during a rolling upgrade.

DROP TABLE case_tally;

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
    slot               SMALLINT       NOT NULL DEFAULT 0,
    households         INT            NOT NULL,
    people             INT            NOT NULL,
    paid               DECIMAL(16, 2) NOT NULL,
    CONSTRAINT pk_case_tally PRIMARY KEY (plan_year, carried_in, township_code, stage, resettlement_mode, current_year, closed,
                                          moved_in_year, demolished, accepted, archived, slot)
) DEFAULT CHARSET = utf8mb4;

INSERT INTO case_tally (plan_year, carried_in, township_code, stage, resettlement_mode, current_year, closed, moved_in_year,
                        demolished, accepted, archived, slot, households, people, paid)
SELECT plan_year, carried_in, township_code, stage, resettlement_mode, current_year, closed, moved_in_year, demolished, accepted,
       archived, 0, COUNT(*), SUM(people), SUM(paid)
FROM case_tally_part
GROUP BY plan_year, carried_in, township_code, stage, resettlement_mode, current_year, closed, moved_in_year, demolished, accepted,
         archived;
