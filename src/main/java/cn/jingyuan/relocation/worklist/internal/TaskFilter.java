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
                         String townshipCode, String stage, LocalDateTime overdueBefore, Long villageId, Cursor after) {

    public TaskFilter(String scope, boolean everything, String userId, List<String> groups, String supervisedGroup,
                      String townshipCode, String stage, LocalDateTime overdueBefore) {
        this(scope, everything, userId, groups, supervisedGroup, townshipCode, stage, overdueBefore, null, null);
    }

    /** Whether the household must be joined to filter by it. */
    public boolean byHousehold() {
        return townshipCode != null || stage != null || villageId != null;
    }

    /**
     * Where a keyset page starts: after the task with this due date (null: no due date), creation time and id, in
     * the list's order (due date, tasks without one last; then creation; then id).
     */
    public record Cursor(LocalDateTime due, LocalDateTime created, String id) {
    }
}
