package cn.jingyuan.relocation.worklist;

import java.time.LocalDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One task of a list: what it is, which case (number, township, village, head), when it is due, who holds it and how
 * often it was urged; in 已办 ({@code scope=done}) also when I completed it and where the case stands now.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskView(
        String id,
        String name,
        String taskDefinitionKey,
        String processDefinitionKey,
        String businessKey,
        String caseNo,
        Long householdId,
        String township,
        String townshipCode,
        String village,
        String headName,
        String stage,
        String stageLabel,
        String assignee,
        List<String> candidateGroups,
        LocalDateTime created,
        LocalDateTime due,
        boolean overdue,
        int urgeCount,
        LocalDateTime completedAt,
        String caseStage,
        String caseStageLabel) {
}
