package cn.jingyuan.relocation.security;

import static cn.jingyuan.relocation.security.DoorCases.ENGINE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.jingyuan.relocation.security.DoorCases.Case;
import cn.jingyuan.relocation.support.Api;

/**
 * Every door × every kind of account × read / write a variable / complete / claim / assign, on a 黄花乡 case's task:
 * {@code /api} (HTTP Basic), {@code /engine-rest} (HTTP Basic) and Tasklist's {@code /camunda/api/engine} (the
 * browser's session with its XSRF token). The requests change nothing the domain reads: a completion carries a
 * variable that is not in the form (400 for whoever may complete the task, who got past every access check), the
 * claim is of a task a colleague holds (409), the assignment names its holder again. The statuses are the table
 * below; the test prints it into {@code target/authorization-matrix.md}, after the endpoint matrix.
 */
abstract class DoorMatrixContract {

    enum Door {
        API("/api"), ENGINE("/engine-rest"), TASKLIST("/camunda/api/engine");

        final String title;

        Door(String title) {
            this.title = title;
        }
    }

    enum Caller {
        ADMIN("admin", "admin"),
        OFFICER("officer", "officer"),
        FINANCE("finance", "finance"),
        DEPUTY("deputy", "deputy"),
        TASK_FORCE("huanghua.tf1", "task force"),
        LEAD("huanghua.lead", "township lead"),
        OTHER_TASK_FORCE("xiangshui.tf1", "task force, other township"),
        OTHER_LEAD("xiangshui.lead", "township lead, other township");

        final String user;
        final String title;

        Caller(String user, String title) {
            this.user = user;
            this.title = title;
        }
    }

    enum Action {
        READ("read the task"), WRITE_VARIABLE("write a variable"), COMPLETE("complete with a variable not in the form"),
        CLAIM("claim a task a colleague holds"), ASSIGN("assign the held task to its holder");

        final String title;

        Action(String title) {
            this.title = title;
        }
    }

    /** Holder of {@code held}: the 黄花乡 task force's second member. */
    static final String HOLDER = "huanghua.tf2";

    /**
     * The matrix: per door and action, the status of each caller in the order of {@link Caller}
     * (adm off fin dep | tf ld | tf' ld'), "-" where the door has no such request.
     */
    static final Map<Door, Map<Action, String>> MATRIX = new EnumMap<>(Map.of(
            //                                          adm off fin dep   tf  ld    tf' ld'
            Door.API, new EnumMap<>(Map.of(
                    Action.READ,                       "200 403 404 404 | 200 403 | 404 404",
                    Action.WRITE_VARIABLE,             "- - - - | - - | - -",
                    Action.COMPLETE,                   "400 403 404 404 | 400 403 | 404 404",
                    Action.CLAIM,                      "409 403 404 404 | 409 403 | 404 404",
                    Action.ASSIGN,                     "204 204 404 404 | 403 204 | 404 404")),
            Door.ENGINE, new EnumMap<>(Map.of(
                    Action.READ,                       "200 200 404 404 | 200 404 | 404 404",
                    Action.WRITE_VARIABLE,             "204 403 403 403 | 403 403 | 403 403",
                    Action.COMPLETE,                   "400 403 403 403 | 400 403 | 403 403",
                    Action.CLAIM,                      "409 403 403 403 | 409 403 | 403 403",
                    Action.ASSIGN,                     "204 403 403 403 | 403 403 | 403 403")),
            Door.TASKLIST, new EnumMap<>(Map.of(
                    Action.READ,                       "200 200 404 404 | 200 404 | 404 404",
                    Action.WRITE_VARIABLE,             "204 403 403 403 | 403 403 | 403 403",
                    Action.COMPLETE,                   "400 403 403 403 | 400 403 | 403 403",
                    Action.CLAIM,                      "409 403 403 403 | 409 403 | 403 403",
                    Action.ASSIGN,                     "204 403 403 403 | 403 403 | 403 403"))));

    private static final Map<String, int[]> ACTUAL = new LinkedHashMap<>();
    private static String database = "?";

    @LocalServerPort
    int port;
    @Autowired
    ManagementService management;
    @Autowired
    JdbcTemplate jdbc;

    @TestFactory
    Stream<DynamicTest> everyDoorAnswersEveryCallerAsTheMatrixSays() throws Exception {
        database = jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
        DoorCases cases = new DoorCases(port, management, jdbc);
        Case open = cases.open("黄花乡", "huanghua");
        Case heldCase = cases.open("黄花乡", "huanghua");
        String task = cases.task(open, "Task_VerifyHousehold");
        String held = cases.task(heldCase, "Task_VerifyHousehold");
        Api api = Api.at(port);
        assertThat(api.as(HOLDER).post("/api/tasks/{id}/claim", Map.of(), held).status()).isEqualTo(204);
        Map<Caller, DoorCases.Tasklist> browsers = new EnumMap<>(Caller.class);

        List<DynamicTest> tests = new ArrayList<>();
        for (Door door : Door.values()) {
            for (Action action : Action.values()) {
                int[] expected = statuses(MATRIX.get(door).get(action));
                tests.add(DynamicTest.dynamicTest(door.title + " " + action.title, () -> {
                    int[] actual = new int[Caller.values().length];
                    List<String> wrong = new ArrayList<>();
                    for (Caller c : Caller.values()) {
                        if (expected[c.ordinal()] == 0) {
                            continue;
                        }
                        DoorCases.Tasklist browser = door == Door.TASKLIST ? browsers.computeIfAbsent(c, k -> cases.tasklist(k.user)) : null;
                        Answer a = send(door, action, c.user, api.as(c.user), browser, task, held);
                        actual[c.ordinal()] = a.status;
                        if (a.status != expected[c.ordinal()]) {
                            wrong.add(c.title + ": expected " + expected[c.ordinal()] + ", got " + a.status + " " + a.body);
                        }
                    }
                    ACTUAL.put(door + " " + action, actual);
                    assertThat(wrong).as(door.title + " " + action.title).isEmpty();
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("nothing the domain reads has changed", () -> {
            assertThat(cases.stage(open)).isEqualTo("IDENTIFIED");
            assertThat(cases.stage(heldCase)).isEqualTo("IDENTIFIED");
            assertThat(cases.task(open, "Task_VerifyHousehold")).isEqualTo(task);
            assertThat(cases.holder(open, "Task_VerifyHousehold")).isNull();
            assertThat(cases.holder(heldCase, "Task_VerifyHousehold")).isEqualTo(HOLDER);
        }));
        return tests.stream();
    }

    private record Answer(int status, String body) {
    }

    private static Answer send(Door door, Action action, String user, Api as, DoorCases.Tasklist browser, String task, String held) {
        Map<String, Object> extra = Map.of("householdId", Map.of("value", 1, "type", "Long"));
        if (door == Door.API) {
            Api.Response r = switch (action) {
                case READ -> as.get("/api/tasks/{id}/form", task);
                case WRITE_VARIABLE -> null;
                case COMPLETE -> as.post("/api/tasks/{id}/complete", Map.of("householdId", 1), task);
                case CLAIM -> as.post("/api/tasks/{id}/claim", Map.of(), held);
                case ASSIGN -> as.post("/api/tasks/{id}/assign", Map.of("userId", HOLDER), held);
            };
            return new Answer(r.status(), r.text());
        }
        String method = switch (action) {
            case READ -> "GET";
            case WRITE_VARIABLE -> "PUT";
            default -> "POST";
        };
        String path = switch (action) {
            case READ -> "/task/" + task;
            case WRITE_VARIABLE -> "/task/" + task + "/variables/doorMatrixProbe";
            case COMPLETE -> "/task/" + task + (door == Door.TASKLIST ? "/submit-form" : "/complete");
            case CLAIM -> "/task/" + held + "/claim";
            case ASSIGN -> "/task/" + held + "/assignee";
        };
        Object body = switch (action) {
            case READ -> null;
            case WRITE_VARIABLE -> Map.of("value", "probe", "type", "String");
            case COMPLETE -> Map.of("variables", extra);
            case CLAIM -> null;
            case ASSIGN -> Map.of("userId", HOLDER);
        };
        if (door == Door.ENGINE) {
            Api.Response r = switch (method) {
                case "GET" -> as.get(ENGINE + path);
                case "PUT" -> as.put(ENGINE + path, body);
                default -> action == Action.CLAIM ? as.post(ENGINE + path, Map.of("userId", user)) : as.post(ENGINE + path, body);
            };
            return new Answer(r.status(), r.text());
        }
        var r = method.equals("GET") ? browser.get(path)
                : browser.send(method, path, action == Action.CLAIM ? Map.of("userId", user) : body);
        return new Answer(r.statusCode(), r.body());
    }

    @AfterAll
    static void printTheMatrix() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("## Doors (").append(database).append(")\n\n")
                .append("Generated by `DoorMatrix*IntegrationTests`: a 黄花乡 task asked for through each door by each kind of account.\n")
                .append("\"Own\" township users are 黄花乡's, \"other\" ones 香水镇's. A completion carries `householdId`, which is in no form:\n")
                .append("400 shows the caller may complete the task and was refused the extra variable; the claim is of a task `")
                .append(HOLDER).append("` holds (409:\n")
                .append("the caller could claim it, were it free); the assignment names its holder again. `-`: the door has no such request.\n\n");
        md.append("| door | action | ").append(Arrays.stream(Caller.values()).map(c -> c.title).collect(Collectors.joining(" | "))).append(" |\n");
        md.append("|---|---|").append("---|".repeat(Caller.values().length)).append('\n');
        for (Door door : Door.values()) {
            for (Action action : Action.values()) {
                int[] expected = statuses(MATRIX.get(door).get(action));
                int[] actual = ACTUAL.get(door + " " + action);
                md.append("| `").append(door.title).append("` | ").append(action.title).append(" |");
                for (Caller c : Caller.values()) {
                    int e = expected[c.ordinal()];
                    md.append(' ').append(e == 0 ? "-" : actual == null ? e + " (not run)" : actual[c.ordinal()] == e ? String.valueOf(e)
                            : "**" + actual[c.ordinal()] + "** (table: " + e + ")").append(" |");
                }
                md.append('\n');
            }
        }
        MatrixFile.write("doors-" + database.toLowerCase(java.util.Locale.ROOT), md.toString());
    }

    /** "200 403 | ..." → the statuses, one per {@link Caller}; "-" is 0 (not asked). */
    private static int[] statuses(String row) {
        return Arrays.stream(row.replace("|", " ").trim().split("\\s+")).mapToInt(s -> s.equals("-") ? 0 : Integer.parseInt(s)).toArray();
    }
}
