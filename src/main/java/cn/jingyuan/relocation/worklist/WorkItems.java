package cn.jingyuan.relocation.worklist;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import cn.jingyuan.relocation.worklist.internal.WorkItemMapper;
import cn.jingyuan.relocation.worklist.internal.WorkItemRow;

/**
 * The work-item read model for the step operations: which steps a case completed on its way here (and who did each
 * last), which are open and whether anyone touched them, and the urge counts. Its rows are kept by the engine's
 * task events; the operations add what only they know (why a step ended, that completions were undone).
 */
@Service
public class WorkItems {

    private final WorkItemMapper items;

    WorkItems(WorkItemMapper items) {
        this.items = items;
    }

    public Optional<WorkItem> find(String taskId) {
        return Optional.ofNullable(items.findById(taskId)).map(WorkItems::item);
    }

    /** The completions still on the process instance's path (not undone by a return or recall), oldest first. */
    public List<WorkItem> completedOnPath(String processInstanceId) {
        return items.findCompletedOnPath(processInstanceId).stream().map(WorkItems::item).toList();
    }

    public List<WorkItem> open(String processInstanceId) {
        return items.findOpen(processInstanceId).stream().map(WorkItems::item).toList();
    }

    /** The case went back behind these completions (those at or after {@code sinceMs}): they are no longer on its path. */
    public void undoSince(String processInstanceId, long sinceMs) {
        items.supersede(processInstanceId, sinceMs);
    }

    /** A completion taken back by the one who made it (撤回). */
    public void recalled(String taskId) {
        items.markRecalled(taskId);
    }

    /** Why an ended step ended (RETURNED, RECALLED), when the engine only said "deleted". */
    public void endedBecause(String taskId, String reason) {
        items.setEndReason(taskId, reason);
    }

    /** Someone acted on the open step (an opinion, a delegation): its previous step can no longer be recalled. */
    public void touched(String taskId, LocalDateTime at) {
        items.touch(taskId, at);
    }

    /** Counts one more urge; returns the new count. */
    public int urged(String taskId, LocalDateTime at) {
        items.urge(taskId, at);
        return items.findById(taskId).urgeCount;
    }

    /** Open steps overdue at {@code now} that were not urged since {@code urgedBefore}. */
    public List<WorkItem> overdueToUrge(LocalDateTime now, LocalDateTime urgedBefore, int limit) {
        return items.findOverdueToUrge(now, urgedBefore, limit).stream().map(WorkItems::item).toList();
    }

    private static WorkItem item(WorkItemRow r) {
        return new WorkItem(r.taskId, r.processInstanceId, r.processKey, r.taskKey, r.taskName, r.caseNo, r.householdId, r.townshipCode,
                r.candidateGroup, r.assignee, r.stage, r.state, r.createdAt, r.dueAt, r.touchedAt, r.completedAt, r.completedBy,
                r.completedMs, r.urgeCount, r.lastUrgedAt);
    }
}
