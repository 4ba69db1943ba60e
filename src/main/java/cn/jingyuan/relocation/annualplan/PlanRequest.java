package cn.jingyuan.relocation.annualplan;

import java.util.List;

/** {@code POST /api/plans}: a year and a target per township (households, people). */
public record PlanRequest(Integer year, List<TargetRequest> targets, String note) {

    public record TargetRequest(String township, Integer households, Integer people) {
    }
}
