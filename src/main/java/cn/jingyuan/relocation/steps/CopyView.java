package cn.jingyuan.relocation.steps;

import java.time.LocalDateTime;

/** One entry of 抄送我的. */
public record CopyView(long id, String caseNo, String stepName, String fromName, LocalDateTime createdAt, boolean read) {
}
