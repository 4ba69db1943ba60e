package cn.jingyuan.relocation.approval;

import java.util.List;

/** {@code POST /api/batches}: a title, the plan year, and the cases waiting for approval to gather. */
public record BatchRequest(Integer year, String title, List<String> caseNos) {
}
