-- The task list joins each listed task to its case by the process instance (household.process_instance_id =
-- ACT_RU_TASK.PROC_INST_ID_); without an index every listed task scanned the whole household table.
CREATE INDEX ix_household_process_instance ON household (process_instance_id);
