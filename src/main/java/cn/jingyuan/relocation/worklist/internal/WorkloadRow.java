package cn.jingyuan.relocation.worklist.internal;

/** Open and overdue tasks of one assignee (null: unassigned group tasks). */
public class WorkloadRow {
    public String assignee;
    public int open;
    public int overdue;
}
