package cn.jingyuan.relocation.annualplan;

import java.time.LocalDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An annual plan with its township targets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanView(int year, String status, String statusLabel, Counter target, List<Target> targets, String note,
                       String createdBy, LocalDateTime createdAt, String approvedBy, LocalDateTime approvedAt,
                       List<RolloverView> rollovers) {

    public record Target(String townshipCode, String townshipName, int households, int people) {
    }
}
