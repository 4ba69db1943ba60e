package cn.jingyuan.relocation.annualplan;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A rollover (结转) of a year's open cases into the next year: the preview ({@code dryRun}) or the proposal and its
 * progress. {@code notMovedIn} and {@code movedInNotClosed} split the cases; {@code cases} lists them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloverView(Long id, int fromYear, int toYear, String status, boolean dryRun, int households, int people,
                           Counter notMovedIn, Counter movedInNotClosed, Map<String, Counter> byStage,
                           Boolean targetPlanApproved, String proposedBy, LocalDateTime proposedAt, String confirmedBy,
                           LocalDateTime confirmedAt, LocalDateTime finishedAt, Integer carried, String message,
                           List<CaseLine> cases) {

    public record CaseLine(String caseNo, String township, String village, String headName, int people, String stage,
                           String stageLabel) {
    }
}
