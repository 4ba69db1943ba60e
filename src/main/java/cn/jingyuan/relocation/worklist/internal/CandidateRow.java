package cn.jingyuan.relocation.worklist.internal;

/** A candidate group (or user) of a step. */
public class CandidateRow {
    public String taskId;
    public String groupId;
    public String userId;
}
