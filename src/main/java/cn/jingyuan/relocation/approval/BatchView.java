package cn.jingyuan.relocation.approval;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A batch as the leader sees it: totals, counts by township and by resettlement mode, the cases (identity numbers
 * masked), every decision so far, and how far the decided cases have advanced.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchView(
        long id,
        int year,
        String title,
        String status,
        String statusLabel,
        String author,
        LocalDateTime createdAt,
        int households,
        int people,
        BigDecimal totalSubsidy,
        Boolean needsHead,
        List<String> route,
        String awaiting,
        String documentNo,
        LocalDateTime decidedAt,
        List<TownshipCount> byTownship,
        Map<String, Count> byMode,
        List<BatchCase> cases,
        List<Decision> decisions,
        Progress progress) {

    public record Count(int households, int people) {
    }

    public record TownshipCount(String code, String name, int households, int people) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchCase(String caseNo, String township, String village, String headName, String headIdNumber, int people,
                            String resettlementMode, String resettlementModeLabel, BigDecimal subsidyAmount, String outcome,
                            String opinion, String stage, String stageLabel) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Decision(String level, String levelLabel, String decision, String decidedBy, LocalDateTime decidedAt,
                           String comment, String documentNo, List<String> excludedCaseNos) {
    }

    /** Decided cases that have left "awaiting batch approval" ({@code advanced}) out of those to move ({@code total}). */
    public record Progress(int advanced, int total) {
    }
}
