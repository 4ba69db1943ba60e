package cn.jingyuan.relocation.relocationcase;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A case as {@code GET /api/cases/{caseNo}} shows it: where it stands, what is open, and everything that happened. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseView(
        String caseNo,
        long householdId,
        int planYear,
        int originYear,
        String townshipCode,
        String townshipName,
        String village,
        String headName,
        int people,
        String stage,
        String stageLabel,
        boolean closed,
        boolean demolitionOverdue,
        BigDecimal subsidyAmount,
        List<OpenTask> openTasks,
        List<HistoryEntry> history,
        List<Payment> payments,
        List<cn.jingyuan.relocation.security.AuditEntry> audit) {

    public record OpenTask(String id, String name, String taskDefinitionKey, String assignee, List<String> candidateGroups,
                           LocalDateTime created, LocalDateTime due, boolean overdue) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryEntry(String type, String typeLabel, String stage, String stageLabel, String taskKey, String taskName,
                               String actor, String actorName, LocalDateTime at, String decision, String comment, Object details) {
    }

    public record Payment(int trancheNo, String milestone, BigDecimal amount, LocalDate paidOn, String voucherNo, String recordedBy) {
    }
}
