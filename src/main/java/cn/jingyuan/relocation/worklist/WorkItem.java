package cn.jingyuan.relocation.worklist;

import java.time.LocalDateTime;

/** A user task as the work-item read model keeps it, open or ended. */
public record WorkItem(String taskId, String processInstanceId, String processKey, String taskKey, String taskName, String caseNo,
                       Long householdId, String townshipCode, String candidateGroup, String assignee, String stage, String state,
                       LocalDateTime createdAt, LocalDateTime dueAt, LocalDateTime touchedAt, LocalDateTime completedAt,
                       String completedBy, Long completedMs, int urgeCount, LocalDateTime lastUrgedAt) {

    public boolean touched() {
        return touchedAt != null;
    }
}
