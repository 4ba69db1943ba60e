package cn.jingyuan.relocation.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import cn.jingyuan.relocation.worklist.internal.TaskFilter;
import cn.jingyuan.relocation.worklist.internal.TaskRow;
import cn.jingyuan.relocation.worklist.internal.TodoCursor;
import cn.jingyuan.relocation.worklist.internal.WorkItemMapper;

/**
 * The task list's SQL against the rule it implements, written out plainly here over every open work item: for each
 * scope (mine, group, all), personal or everything, with and without groups and a supervised group, filtered by
 * township and overdue, the pages, the keyset pages and the total are exactly the steps the rule lets through, in the
 * list's order (due date, undated last, then created, then id). Ended work items are never listed.
 */
abstract class TaskListScopeContract {

    private static final String U = "scopetest.a";
    private static final String GROUP = "tf-scopetest";
    private static final String LEAD = "lead-scopetest";
    private static final LocalDateTime BASE = LocalDateTime.of(2031, 3, 1, 8, 0);

    private static final String TOWNSHIP = "640424100";

    @Autowired
    WorkItemMapper lists;
    @Autowired
    JdbcTemplate jdbc;

    record Task(String id, String assignee, LocalDateTime created, LocalDateTime due, String township) {
    }

    @Test
    @Transactional
    void everyScopeListsAndCountsExactlyTheTasksItsRuleAllows() {
        // assignee, candidate groups, due (days after BASE, null: none), created (minutes after BASE), open, township
        task("st-01", U, List.of(GROUP), 1, 0, true, TOWNSHIP);
        task("st-02", null, List.of(GROUP), 1, 0, true, TOWNSHIP);      // same due and created as st-01: ordered by id
        task("st-03", null, List.of(GROUP, LEAD), 2, 5, true, TOWNSHIP); // two candidate groups: listed once
        task("st-04", "scopetest.b", List.of(GROUP), null, 1, true, null);
        task("st-05", U, List.of(), 3, 2, true, TOWNSHIP);              // assigned without any candidate group
        task("st-06", null, List.of(LEAD), -400, 3, true, TOWNSHIP);    // long overdue, the reviewers' own
        task("st-07", null, List.of("tf-elsewhere"), 4, 4, true, "640424101");
        task("st-08", null, List.of(GROUP), 0, 6, false, TOWNSHIP);     // ended: never listed
        task("st-09", U, List.of(GROUP), null, 7, false, null);
        task("st-10", null, List.of(), 5, 8, true, null);               // nobody's candidate

        List<Task> tasks = jdbc.query("SELECT task_id, assignee, created_at, due_at, township_code FROM work_item WHERE state = 'OPEN'",
                (rs, i) -> new Task(rs.getString(1), rs.getString(2), local(rs.getTimestamp(3)), local(rs.getTimestamp(4)), rs.getString(5)));
        Map<String, Set<String>> candidates = new HashMap<>();
        jdbc.query("SELECT task_id, group_id FROM work_item_candidate",
                rs -> {
                    candidates.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                });
        String someTownship = TOWNSHIP;

        record Viewer(String user, boolean everything, List<String> groups, String supervised) {
        }
        List<Viewer> viewers = List.of(new Viewer(U, false, List.of(GROUP), null), new Viewer("scopetest.lead", false, List.of(LEAD), GROUP),
                new Viewer("scopetest.lead", false, List.of(LEAD), null), new Viewer("scopetest.c", false, List.of(GROUP, LEAD), null),
                new Viewer(U, false, List.of(), null), new Viewer("scopetest.x", false, List.of(), GROUP),
                new Viewer("officer", true, List.of("officer"), null), new Viewer("admin", true, List.of(), null),
                new Viewer(U, true, List.of(GROUP), null));
        int checked = 0;
        for (Viewer v : viewers) {
            for (String scope : List.of("mine", "group", "all")) {
                for (String township : Arrays.asList(null, someTownship)) {
                    for (LocalDateTime overdue : Arrays.asList(null, BASE.plusDays(2))) {
                        TaskFilter f = new TaskFilter(scope, v.everything(), v.user(), v.groups(), v.supervised(), township, null, overdue);
                        List<Task> expected = tasks.stream().filter(t -> {
                            Set<String> c = candidates.getOrDefault(t.id(), Set.of());
                            boolean ofGroups = v.groups().stream().anyMatch(c::contains);
                            boolean allowed;
                            if (v.everything()) {
                                allowed = switch (scope) {
                                    case "mine" -> v.user().equals(t.assignee());
                                    case "group" -> t.assignee() == null && (v.groups().isEmpty() || ofGroups);
                                    default -> true;
                                };
                            } else {
                                allowed = switch (scope) {
                                    case "mine" -> v.user().equals(t.assignee());
                                    case "group" -> t.assignee() == null && ofGroups;
                                    default -> v.user().equals(t.assignee()) || ofGroups || (v.supervised() != null && c.contains(v.supervised()));
                                };
                            }
                            return allowed && (township == null || township.equals(t.township()))
                                    && (overdue == null || t.due() != null && t.due().isBefore(overdue));
                        }).sorted(Comparator.comparing((Task t) -> t.due() == null).thenComparing(Task::due, Comparator.nullsLast(Comparator.naturalOrder()))
                                .thenComparing(Task::created, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(Task::id)).toList();
                        List<String> listed = expected.stream().map(Task::id).toList();

                        assertThat(lists.countList(f)).as("count of %s", f).isEqualTo(expected.size());
                        assertThat(ids(lists.findList(f, 0, 1000))).as("list of %s", f).isEqualTo(listed);
                        for (int offset = 0; offset < Math.min(listed.size(), 12); offset += 3) {
                            assertThat(ids(lists.findList(f, offset, 3))).as("page at %d of %s", offset, f)
                                    .isEqualTo(listed.subList(offset, Math.min(offset + 3, listed.size())));
                        }
                        // keyset pages of seven, each after the previous page's last step
                        List<String> walked = new java.util.ArrayList<>();
                        String after = null;
                        for (int guard = 0; guard <= listed.size() / 7; guard++) {
                            TaskFilter k = new TaskFilter(f.scope(), f.everything(), f.userId(), f.groups(), f.supervisedGroup(), f.townshipCode(),
                                    null, f.overdueBefore(), null, TodoCursor.parse(after));
                            List<TaskRow> rows = lists.findList(k, 0, 7);
                            walked.addAll(ids(rows));
                            if (rows.size() < 7) {
                                break;
                            }
                            after = TodoCursor.of(rows.get(rows.size() - 1));
                        }
                        assertThat(walked).as("keyset pages of %s", f).isEqualTo(listed);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(viewers.size() * 3 * 2 * 2);
        // the rule does let the test's tasks through where it should
        assertThat(ids(lists.findList(new TaskFilter("all", false, U, List.of(GROUP), null, null, null, null), 0, 1000)))
                .containsSubsequence("st-01", "st-02", "st-03", "st-05").contains("st-04").doesNotContain("st-06", "st-07", "st-08", "st-09", "st-10");
        assertThat(ids(lists.findList(new TaskFilter("group", false, "scopetest.c", List.of(GROUP, LEAD), null, null, null, null), 0, 1000)))
                .containsOnlyOnce("st-03").contains("st-02", "st-06").doesNotContain("st-01", "st-04", "st-05");
    }

    private void task(String id, String assignee, List<String> groups, Integer dueDays, int createdMinutes, boolean open, String township) {
        LocalDateTime due = dueDays == null ? null : BASE.plusDays(dueDays);
        Timestamp listDue = Timestamp.valueOf(due == null ? TaskFilter.NO_DUE : due);
        Timestamp created = Timestamp.valueOf(BASE.plusMinutes(createdMinutes));
        jdbc.update("INSERT INTO work_item (task_id, process_instance_id, process_key, task_key, task_name, township_code, assignee, state,"
                        + " created_at, due_at, list_due, urge_count, superseded) VALUES (?, 'scopetest-pi', 'RelocationCaseProcess', 'Task_ScopeTest',"
                        + " 'scope test', ?, ?, ?, ?, ?, ?, 0, FALSE)",
                id, township, assignee, open ? "OPEN" : "COMPLETED", created, due == null ? null : Timestamp.valueOf(due), listDue);
        if (open) {
            for (String g : groups) {
                jdbc.update("INSERT INTO work_item_candidate (group_id, task_id, list_due, created_at, assignee) VALUES (?, ?, ?, ?, ?)",
                        g, id, listDue, created, assignee);
            }
        }
    }

    private static List<String> ids(List<TaskRow> rows) {
        return rows.stream().map(r -> r.id).toList();
    }

    private static LocalDateTime local(Timestamp t) {
        return t == null ? null : t.toLocalDateTime();
    }
}
