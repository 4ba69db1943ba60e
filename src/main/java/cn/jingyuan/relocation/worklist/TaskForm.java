package cn.jingyuan.relocation.worklist;

import java.util.List;

/** {@code GET /api/tasks/{id}/form}: the task and the fields its completion takes, defaults filled in. */
public record TaskForm(String taskId, String name, String formId, String caseNo, List<FormField> fields) {
}
