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

    /** Whether the household must be joined to filter by it (the township is kept on the work item itself). */
    public boolean byHousehold() {
        return stage != null || villageId != null;
    }

    /** Whether the work item must be joined to a candidate-group row to filter by it. */
    public boolean byWorkItem() {
        return townshipCode != null || byHousehold();
    }

    /**
     * The candidate groups whose steps a personal list shows: the groups (for {@code group}, unheld steps only), and
     * for {@code all} also the supervised group. Empty for {@code mine}.
     */
    public List<String> listedGroups() {
        if ("mine".equals(scope)) {
            return List.of();
        }
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(groups);
        if (!"group".equals(scope) && supervisedGroup != null) {
            all.add(supervisedGroup);
        }
        return List.copyOf(all);
    }

    /**
     * Whether the list is read from the holder's and the groups' own index ranges (mine; group with groups; all for
     * everyone but admin and officer), rather than from every open step (everything's all and group without groups).
     */
    public boolean personal() {
        return "mine".equals(scope) || ("group".equals(scope) ? !groups.isEmpty() : !everything);
    }

    /** A group list of someone without groups who does not see everything: empty. */
    public boolean nothing() {
        return "group".equals(scope) && groups.isEmpty() && !everything;
    }

    /** Whether a personal list also shows the steps {@code userId} holds (mine, all). */
    public boolean listsHeld() {
        return !"group".equals(scope);
    }

    /**
     * Where a keyset page starts: after the task with this due date (null: no due date), creation time and id, in
     * the list's order (due date, tasks without one last; then creation; then id).
     */
    public record Cursor(LocalDateTime due, LocalDateTime created, String id) {

        /** The work item's list_due of the step the cursor names: its due date, or the end of time for none. */
        public LocalDateTime listDue() {
            return due != null ? due : NO_DUE;
        }
    }

    /** work_item.list_due of a step without a due date (sorts last). */
    public static final LocalDateTime NO_DUE = LocalDateTime.of(9999, 12, 31, 0, 0);
}
