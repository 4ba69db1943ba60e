package cn.jingyuan.relocation.approval;

import java.util.List;

/**
 * {@code POST /api/batches/{id}/decision}: APPROVE (optionally excluding cases, each with an opinion) or REJECT,
 * the leader's opinion, and the document number (文号) on the final approval.
 */
public record DecisionRequest(String decision, List<String> excludedCaseNos, List<Exclusion> exclusions, String comment,
                              String documentNo) {

    /** One excluded case with its own opinion (otherwise the decision's comment is its opinion). */
    public record Exclusion(String caseNo, String opinion) {
    }
}
