-- The open task lists (mine, group, all, 待办) read work_item instead of the engine's task tables.
--
-- list_due  the list's order key: the due date, or 9999-12-31 for a step without one (those come last), so that the
--           order (list_due, created_at, task_id) is an index order and a page is read off an index, not sorted.
-- work_item_candidate  an open step's candidate groups, one row each, with the list's order columns and the holder
--           copied in, so a group's page is one index range; rows go when the step ends.
ALTER TABLE work_item ADD COLUMN list_due DATETIME NOT NULL DEFAULT '9999-12-31 00:00:00';
UPDATE work_item SET list_due = due_at WHERE due_at IS NOT NULL;

CREATE TABLE work_item_candidate (
    group_id    VARCHAR(255)  NOT NULL,
    task_id     VARCHAR(64)   NOT NULL,
    list_due    DATETIME      NOT NULL,
    created_at  DATETIME      NOT NULL,
    assignee    VARCHAR(64),
    CONSTRAINT pk_work_item_candidate PRIMARY KEY (group_id, task_id)
) DEFAULT CHARSET = utf8mb4;

CREATE INDEX ix_work_item_candidate_list ON work_item_candidate (group_id, list_due, created_at, task_id);
CREATE INDEX ix_work_item_candidate_task ON work_item_candidate (task_id);

-- open steps in list order: everything (county-wide), a holder's, a township's
CREATE INDEX ix_work_item_open_list ON work_item (state, list_due, created_at, task_id);
CREATE INDEX ix_work_item_assignee_list ON work_item (assignee, state, list_due, created_at, task_id);
CREATE INDEX ix_work_item_township_list ON work_item (township_code, state, list_due, created_at, task_id);
