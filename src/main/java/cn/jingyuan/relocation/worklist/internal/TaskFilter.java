package cn.jingyuan.relocation.worklist.internal;

import java.time.LocalDateTime;
import java.util.List;

/**
 * Which open tasks a list shows. {@code everything} (admin, officer) skips the personal conditions; otherwise a task
 * is listed when it is assigned to {@code userId} ({@code mine}), or one of {@code groups} is a candidate
 * ({@code group}: unassigned ones only), or — for a township reviewer — it belongs to their township's task force
 * ({@code supervisedGroup}).
 */
public record TaskFilter(String scope, boolean everything, String userId, List<String> groups, String supervisedGroup,
                         String townshipCode, String stage, LocalDateTime overdueBefore) {
}
