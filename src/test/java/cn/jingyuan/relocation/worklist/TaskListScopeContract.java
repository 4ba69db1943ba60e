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
import cn.jingyuan.relocation.worklist.internal.TaskListMapper;
import cn.jingyuan.relocation.worklist.internal.TaskRow;

/**
 * The task list's SQL against the rule it implements, written out plainly here over every open task: for each
 * scope (mine, group, all), personal or everything, with and without groups and a supervised group, filtered by
 * township and overdue, the pages and the total are exactly the tasks the rule lets through, in the list's order
 * (due date, undated last, then created, then id). Tasks without a process are counted but never listed.
 */
abstract class TaskListScopeContract {

    private static final String U = "scopetest.a";
    private static final String GROUP = "tf-scopetest";
    private static final String LEAD = "lead-scopetest";
    private static final LocalDateTime BASE = LocalDateTime.of(2031, 3, 1, 8, 0);

    @Autowired
    TaskListMapper lists;
    @Autowired
    JdbcTemplate jdbc;

    record Task(String id, String assignee, LocalDateTime created, LocalDateTime due, boolean inProcess, String procInst) {
    }

    @Test
    @Transactional
    void everyScopeListsAndCountsExactlyTheTasksItsRuleAllows() {
        String def = jdbc.queryForObject("SELECT MIN(ID_) FROM ACT_RE_PROCDEF WHERE KEY_ = 'RelocationCaseProcess'", String.class);
        jdbc.update("INSERT INTO ACT_RU_EXECUTION (ID_, REV_, ROOT_PROC_INST_ID_, PROC_INST_ID_, PROC_DEF_ID_, IS_ACTIVE_, IS_CONCURRENT_,"
                + " IS_SCOPE_, IS_EVENT_SCOPE_, SUSPENSION_STATE_) VALUES ('scopetest-pi', 1, 'scopetest-pi', 'scopetest-pi', ?, 1, 0, 1, 0, 1)", def);
        // assignee, candidate groups, due (days after BASE, null: none), created (minutes after BASE), in a process
        task("st-01", U, List.of(GROUP), 1, 0, true);
        task("st-02", null, List.of(GROUP), 1, 0, true);          // same due and created as st-01: ordered by id
        task("st-03", null, List.of(GROUP, LEAD), 2, 5, true);    // two candidate groups: listed once
        task("st-04", "scopetest.b", List.of(GROUP), null, 1, true);
        task("st-05", U, List.of(), 3, 2, true);                  // assigned without any candidate group
        task("st-06", null, List.of(LEAD), -400, 3, true);        // long overdue, the reviewers' own
        task("st-07", null, List.of("tf-elsewhere"), 4, 4, true);
        task("st-08", null, List.of(GROUP), 0, 6, false);         // no process: counted, never listed
        task("st-09", U, List.of(GROUP), null, 7, false);
        task("st-10", null, List.of(), 5, 8, true);               // nobody's candidate

        List<Task> tasks = jdbc.query("SELECT ID_, ASSIGNEE_, CREATE_TIME_, DUE_DATE_, PROC_DEF_ID_, PROC_INST_ID_ FROM ACT_RU_TASK",
                (rs, i) -> new Task(rs.getString(1), rs.getString(2), local(rs.getTimestamp(3)), local(rs.getTimestamp(4)),
                        rs.getString(5) != null && rs.getString(6) != null, rs.getString(6)));
        Map<String, Set<String>> candidates = new HashMap<>();
        jdbc.query("SELECT TASK_ID_, GROUP_ID_ FROM ACT_RU_IDENTITYLINK WHERE TYPE_ = 'candidate' AND TASK_ID_ IS NOT NULL AND GROUP_ID_ IS NOT NULL",
                rs -> {
                    candidates.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                });
        Map<String, String> townshipOf = new HashMap<>();
        jdbc.query("SELECT process_instance_id, township_code FROM household WHERE process_instance_id IS NOT NULL",
                rs -> {
                    townshipOf.put(rs.getString(1), rs.getString(2));
                });
        String someTownship = townshipOf.values().stream().findFirst().orElse("640424100");

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
                            return allowed && (township == null || township.equals(townshipOf.get(t.procInst())))
                                    && (overdue == null || t.due() != null && t.due().isBefore(overdue));
                        }).sorted(Comparator.comparing((Task t) -> t.due() == null).thenComparing(Task::due, Comparator.nullsLast(Comparator.naturalOrder()))
                                .thenComparing(Task::created, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(Task::id)).toList();
                        List<String> listed = expected.stream().filter(Task::inProcess).map(Task::id).toList();

                        assertThat(lists.count(f)).as("count of %s", f).isEqualTo(expected.size());
                        assertThat(ids(lists.find(f, 0, 1000))).as("list of %s", f).isEqualTo(listed);
                        for (int offset = 0; offset < Math.min(listed.size(), 12); offset += 3) {
                            assertThat(ids(lists.find(f, offset, 3))).as("page at %d of %s", offset, f)
                                    .isEqualTo(listed.subList(offset, Math.min(offset + 3, listed.size())));
                        }
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(viewers.size() * 3 * 2 * 2);
        // the rule does let the test's tasks through where it should
        assertThat(ids(lists.find(new TaskFilter("all", false, U, List.of(GROUP), null, null, null, null), 0, 1000)))
                .containsSubsequence("st-01", "st-02", "st-03", "st-05").contains("st-04").doesNotContain("st-06", "st-07", "st-08", "st-09", "st-10");
        assertThat(ids(lists.find(new TaskFilter("group", false, "scopetest.c", List.of(GROUP, LEAD), null, null, null, null), 0, 1000)))
                .containsOnlyOnce("st-03").contains("st-02", "st-06").doesNotContain("st-01", "st-04", "st-05");
    }

    private void task(String id, String assignee, List<String> groups, Integer dueDays, int createdMinutes, boolean inProcess) {
        String def = inProcess ? jdbc.queryForObject("SELECT PROC_DEF_ID_ FROM ACT_RU_EXECUTION WHERE ID_ = 'scopetest-pi'", String.class) : null;
        jdbc.update("INSERT INTO ACT_RU_TASK (ID_, REV_, EXECUTION_ID_, PROC_INST_ID_, PROC_DEF_ID_, NAME_, TASK_DEF_KEY_, ASSIGNEE_, PRIORITY_,"
                        + " CREATE_TIME_, DUE_DATE_, SUSPENSION_STATE_) VALUES (?, 1, ?, ?, ?, 'scope test', 'Task_ScopeTest', ?, 50, ?, ?, 1)",
                id, inProcess ? "scopetest-pi" : null, inProcess ? "scopetest-pi" : null, def, assignee,
                Timestamp.valueOf(BASE.plusMinutes(createdMinutes)), dueDays == null ? null : Timestamp.valueOf(BASE.plusDays(dueDays)));
        for (String g : groups) {
            jdbc.update("INSERT INTO ACT_RU_IDENTITYLINK (ID_, REV_, GROUP_ID_, TYPE_, TASK_ID_) VALUES (?, 1, ?, 'candidate', ?)",
                    id + "-" + g, g, id);
        }
    }

    private static List<String> ids(List<TaskRow> rows) {
        return rows.stream().map(r -> r.id).toList();
    }

    private static LocalDateTime local(Timestamp t) {
        return t == null ? null : t.toLocalDateTime();
    }
}
