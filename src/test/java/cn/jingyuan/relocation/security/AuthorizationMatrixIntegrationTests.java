package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.Ledger;

/**
 * Who may do what: every endpoint of the contract and of the controllers, asked by nobody and by every kind of
 * demo account, with the status each must get. The table below is the documentation; the test prints it to
 * {@code target/authorization-matrix.md}.
 * <p>
 * The records asked for are the {@link SecurityFixture}'s, of 新民乡: "own" township users are 新民乡's, "other"
 * ones 兴盛乡's. Requests are chosen so that they change nothing: a body that fails validation answers 400/422 to a
 * role that may do the thing (it got past every access check) and 403 (not this role) or 404 (not visible) to
 * the others; a conflict (409) likewise proves the role was let through.
 */
@EmbeddedApplicationTest
class AuthorizationMatrixIntegrationTests {

    /** The columns: who asks. */
    enum Caller {
        ANONYMOUS(null, "anonymous"),
        ADMIN("admin", "admin"),
        OFFICER("officer", "officer"),
        FINANCE("finance", "finance"),
        DEPUTY("deputy", "deputy"),
        HEAD("head", "head"),
        TASK_FORCE(SecurityFixture.OWN + ".tf1", "task force"),
        LEAD(SecurityFixture.OWN + ".lead", "township lead"),
        OTHER_TASK_FORCE(SecurityFixture.OTHER + ".tf1", "task force, other township"),
        OTHER_LEAD(SecurityFixture.OTHER + ".lead", "township lead, other township"),
        NO_ROLE(SecurityFixture.NO_ROLE, "account without a role");

        final String user;
        final String title;

        Caller(String user, String title) {
            this.user = user;
            this.title = title;
        }
    }

    // Request bodies, named for the printed table. Each is invalid (or a no-op) for every caller.
    static final Body NONE = new Body("", f -> null);
    static final Body EMPTY = new Body("`{}`", f -> Map.of());
    static final Body SAME_HOUSEHOLD = new Body("an already registered household", SecurityFixture::householdRequest);
    static final Body SAME_LEDGER = new Body("upload: the household's own ledger, unchanged", f -> f.ownLedger());
    static final Body UNKNOWN_FIELD = new Body("`{\"bogus\":true}`", f -> Map.of("bogus", true));
    static final Body NO_SUCH_DECISION = new Body("`{\"decision\":\"MAYBE\"}`", f -> Map.of("decision", "MAYBE"));
    static final Body SAME_MEMBER = new Body("from = to", f -> Map.of("township", SecurityFixture.OWN_NAME,
            "from", SecurityFixture.OWN + ".tf2", "to", SecurityFixture.OWN + ".tf2"));
    static final Body FOREIGN_CADRE = new Body("a cadre of another township", f -> Map.of("userId", SecurityFixture.OTHER + ".tf1"));

    /**
     * The matrix, one row per endpoint: method and path, the request body, the status of each caller in the order of
     * {@link Caller} (ano = anonymous | adm officer fin deputy hd = head | tf, ld = the record's township's task force
     * and lead | tf', ld' = another township's | no = an account in no role group), and who may.
     * Placeholders: {year} the fixture's plan year, {household}/{case} a 新民乡 household and its case,
     * {task} its open task (nobody holds it), {heldTask} a 新民乡 task held by xinmin.tf2, {village} a 新民乡 village,
     * {batch} a batch waiting for the deputy, {withdrawnBatch} a batch its author (officer) withdrew,
     * {ownTownship} and {villageName} the names of the household's township and village.
     */
    static final List<Rule> MATRIX = List.of(
            //                                                                                   ano   adm off fin dep hd    tf  ld    tf' ld'   no
            get("/api/households?year={year}",                                                  "401 | 200 200 200 200 200 | 200 200 | 200 200 | 403", "scoped list: another township's users get an empty page"),
            get("/api/households/{household}",                                                  "401 | 200 200 200 200 200 | 200 200 | 404 404 | 403", "another township's household is not found"),
            get("/api/households/{household}?reveal=true",                                      "401 | 200 200 200 403 403 | 403 403 | 404 404 | 403", "full numbers: officer, finance (audited)"),
            post("/api/households", SAME_HOUSEHOLD,                                             "401 | 422 422 403 403 403 | 422 403 | 403 403 | 403", "officer, task force of the township; 422 = duplicate head"),
            put("/api/households/{household}", EMPTY,                                           "401 | 400 400 403 403 403 | 400 403 | 404 403 | 403", "officer, task force of the township; 400 = no version"),
            post("/api/households/import", SAME_LEDGER,                                         "401 | 200 200 403 403 403 | 200 403 | 422 403 | 403", "officer, task force; another township's rows are 422"),
            get("/api/households/export?year={year}&format=csv",                                "401 | 200 200 403 200 200 | 200 200 | 200 200 | 403", "officer, leaders, township roles (own rows)"),
            get("/api/cases/{case}",                                                            "401 | 200 200 200 200 200 | 200 200 | 404 404 | 403", "scoped"),
            post("/api/cases/{case}/objections", EMPTY,                                         "401 | 400 400 403 403 403 | 400 400 | 404 404 | 403", "township roles of the case, officer; 400 = no content"),
            post("/api/cases/{case}/withdraw", EMPTY,                                           "401 | 400 400 403 403 403 | 403 403 | 403 403 | 403", "officer; 400 = no reason"),
            post("/api/cases/{case}/reopen", EMPTY,                                             "401 | 400 400 403 403 403 | 403 403 | 403 403 | 403", "officer; 400 = no reason"),
            get("/api/cases/{case}/file",                                                       "401 | 200 200 200 200 200 | 200 200 | 404 404 | 403", "scoped (一户一档)"),
            get("/api/public-notices?year={year}&township={ownTownship}&village={villageName}", "401 | 200 200 200 200 200 | 200 200 | 200 200 | 403", "scoped list: another township's users get an empty notice"),
            get("/api/tasks",                                                                   "401 | 200 200 200 200 200 | 200 200 | 200 200 | 403", "scoped list"),
            get("/api/tasks/{task}/form",                                                       "401 | 200 403 404 404 404 | 200 403 | 404 404 | 403", "candidates; officer and the lead see the task but may not do it"),
            post("/api/tasks/{heldTask}/claim", EMPTY,                                          "401 | 409 403 404 404 404 | 409 403 | 404 404 | 403", "candidates; 409 = someone else holds it"),
            post("/api/tasks/{task}/unclaim", EMPTY,                                            "401 | 204 204 404 404 404 | 204 204 | 404 404 | 403", "who sees the task; nobody holds it, so nothing changes"),
            post("/api/tasks/{task}/assign", EMPTY,                                             "401 | 400 400 404 404 404 | 403 400 | 404 404 | 403", "officer, the township's lead; 400 = no userId"),
            post("/api/tasks/{task}/complete", UNKNOWN_FIELD,                                   "401 | 400 403 404 404 404 | 400 403 | 404 404 | 403", "candidates; 400 = not a field of the form"),
            get("/api/workload?township={ownTownship}",                                         "401 | 200 200 403 403 403 | 403 200 | 403 404 | 403", "officer, the township's lead"),
            post("/api/workload/reassign", SAME_MEMBER,                                         "401 | 400 400 403 403 403 | 403 400 | 403 404 | 403", "officer, the township's lead; 400 = from = to"),
            get("/api/villages",                                                                "401 | 200 200 200 200 200 | 200 200 | 200 200 | 403", "scoped list"),
            put("/api/villages/{village}/cadre", FOREIGN_CADRE,                                 "401 | 400 400 403 403 403 | 403 400 | 403 404 | 403", "officer, the township's lead; 400 = not its task force"),
            get("/api/townships",                                                               "401 | 200 200 200 200 200 | 200 200 | 200 200 | 403", "reference data"),
            get("/api/hazard-sites",                                                            "401 | 200 200 200 200 200 | 200 200 | 200 200 | 403", "reference data"),
            get("/api/batches/candidates?year={year}",                                          "401 | 200 200 200 200 200 | 403 403 | 403 403 | 403", "county roles"),
            get("/api/batches",                                                                 "401 | 200 200 200 200 200 | 403 403 | 403 403 | 403", "county roles"),
            post("/api/batches", EMPTY,                                                         "401 | 400 400 403 403 403 | 403 403 | 403 403 | 403", "officer; 400 = incomplete"),
            get("/api/batches/{batch}",                                                         "401 | 200 200 200 200 200 | 404 404 | 404 404 | 403", "county roles; not found for township roles"),
            get("/api/batches/{batch}/sheet",                                                   "401 | 200 200 200 200 200 | 404 404 | 404 404 | 403", "county roles; not found for township roles"),
            get("/api/batches/export",                                                          "401 | 200 200 200 200 200 | 403 403 | 403 403 | 403", "county roles"),
            post("/api/batches/{batch}/decision", NO_SUCH_DECISION,                             "401 | 403 403 403 400 403 | 404 404 | 404 404 | 403", "only the leader whose turn it is; 400 = bad decision"),
            post("/api/batches/{withdrawnBatch}/withdraw", NONE,                                "401 | 409 409 403 403 403 | 404 404 | 404 404 | 403", "its author (officer), admin; 409 = already withdrawn"),
            get("/api/plans",                                                                   "401 | 200 200 200 200 200 | 200 200 | 200 200 | 403", "everyone; township roles see their own targets"),
            post("/api/plans", EMPTY,                                                           "401 | 400 400 403 403 403 | 403 403 | 403 403 | 403", "officer drafts; 400 = no year"),
            get("/api/plans/2025",                                                              "401 | 200 200 200 200 200 | 200 200 | 200 200 | 403", "everyone; township roles see their own targets"),
            put("/api/plans/2025", EMPTY,                                                       "401 | 409 409 403 403 403 | 403 403 | 403 403 | 403", "officer revises; 409 = 2025 is approved"),
            get("/api/plans/{year}/statistics",                                                 "401 | 200 200 200 200 200 | 200 200 | 200 200 | 403", "county roles; township roles get their own figures"),
            post("/api/plans/2024/rollover?dryRun=true", NONE,                                  "401 | 200 200 200 200 200 | 403 403 | 403 403 | 403", "preview for county roles"),
            post("/api/plans/{year}/rollover?dryRun=false", NONE,                               "401 | 404 404 403 403 403 | 403 403 | 403 403 | 403", "officer proposes; 404 = no plan for the year"),
            get("/api/plans/2024/report",                                                       "401 | 200 200 200 200 200 | 403 403 | 403 403 | 403", "county roles"),
            get("/api/calendar/2025",                                                           "401 | 200 200 200 200 200 | 200 200 | 200 200 | 403", "everyone"),
            get("/api/calendar/add-workdays?from=2025-04-30&days=1",                            "401 | 200 200 200 200 200 | 200 200 | 200 200 | 403", "everyone"),
            put("/api/calendar/2023", EMPTY,                                                    "401 | 409 409 403 403 403 | 403 403 | 403 403 | 403", "admin, officer; 409 = a year of the built-in State Council schedule"),
            get("/api/notifications",                                                           "401 | 200 200 200 200 200 | 200 200 | 200 200 | 403", "everyone: their own messages"),
            post("/api/notifications/0/read", NONE,                                             "401 | 404 404 404 404 404 | 404 404 | 404 404 | 403", "everyone, their own messages only"),
            get("/api/audit",                                                                   "401 | 200 403 403 403 403 | 403 403 | 403 403 | 403", "admin"),
            get("/engine-rest/task",                                                            "401 | 200 200 200 200 200 | 200 200 | 200 200 | 200", "Camunda authorizations filter the list"),
            get("/engine-rest/process-instance",                                                "401 | 200 200 200 200 200 | 200 200 | 200 200 | 200", "Camunda authorizations filter the list"));

    private static final Map<Rule, int[]> ACTUAL = new LinkedHashMap<>();

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    SecurityFixture fixture;
    Api api;

    @BeforeEach
    void fixture() {
        api = Api.at(port);
        fixture = SecurityFixture.of(port, context);
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointAnswersEveryCallerAsTheMatrixSays() {
        assertThat(MATRIX).allSatisfy(r -> assertThat(r.expected).hasSize(Caller.values().length));
        return MATRIX.stream().map(rule -> DynamicTest.dynamicTest(rule.method + " " + rule.path, () -> {
            int[] actual = new int[Caller.values().length];
            List<String> wrong = new ArrayList<>();
            for (Caller c : Caller.values()) {
                Api.Response r = rule.send(c.user == null ? api.anonymous() : api.as(c.user), fixture);
                actual[c.ordinal()] = r.status();
                if (r.status() != rule.expected[c.ordinal()]) {
                    wrong.add(c.title + ": expected " + rule.expected[c.ordinal()] + ", got " + r);
                }
            }
            ACTUAL.put(rule, actual);
            assertThat(wrong).as(rule.method + " " + rule.path).isEmpty();
        }));
    }

    /** The matrix as markdown, with any status that differed from the table marked, for the README to link. */
    @AfterAll
    static void printTheMatrix() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Authorization matrix\n\n")
                .append("Generated by `AuthorizationMatrixIntegrationTests` (`./mvnw verify`): the status each caller gets, as asserted.\n")
                .append("\"Own\" township users are 新民乡's, \"other\" ones 兴盛乡's, asking for a 新民乡 record. Requests change nothing: a\n")
                .append("400/409/422 shows the caller got past every access check; 403 = not allowed for the role; 404 = not visible to\n")
                .append("the caller (another township's record answers as if it did not exist).\n\n")
                .append("Placeholders: `{household}`, `{case}` a 新民乡 household and its case; `{task}` its open task, nobody holds it;\n")
                .append("`{heldTask}` a 新民乡 task held by another member; `{village}` a 新民乡 village; `{batch}` a batch waiting for the\n")
                .append("deputy; `{withdrawnBatch}` a batch its author withdrew; `{year}` a plan year of the test's own.\n\n");
        md.append("| request | ").append(Arrays.stream(Caller.values()).map(c -> c.title).collect(Collectors.joining(" | ")))
                .append(" | who |\n");
        md.append("|---|").append("---|".repeat(Caller.values().length)).append("---|\n");
        for (Rule r : MATRIX) {
            int[] actual = ACTUAL.get(r);
            md.append("| `").append(r.method).append(' ').append(r.path.replace("|", "\\|")).append('`');
            if (!r.body.description.isEmpty()) {
                md.append(" ").append(r.body.description);
            }
            md.append(" |");
            for (Caller c : Caller.values()) {
                int e = r.expected[c.ordinal()];
                md.append(' ').append(actual == null ? e + " (not run)" : actual[c.ordinal()] == e ? String.valueOf(e)
                        : "**" + actual[c.ordinal()] + "** (table: " + e + ")").append(" |");
            }
            md.append(' ').append(r.note).append(" |\n");
        }
        MatrixFile.write("endpoints", md.toString());
    }

    // ---- the table's vocabulary ----

    record Body(String description, Function<SecurityFixture, Object> content) {
    }

    static final class Rule {
        final String method;
        final String path;
        final Body body;
        final String note;
        final int[] expected;

        Rule(String method, String path, Body body, String note, int[] expected) {
            this.method = method;
            this.path = path;
            this.body = body;
            this.note = note;
            this.expected = expected;
        }

        Api.Response send(Api as, SecurityFixture f) {
            String uri = path.replace("{year}", String.valueOf(SecurityFixture.YEAR))
                    .replace("{household}", String.valueOf(f.household))
                    .replace("{case}", f.caseNo)
                    .replace("{task}", f.task)
                    .replace("{heldTask}", f.heldTask)
                    .replace("{village}", String.valueOf(f.village))
                    .replace("{withdrawnBatch}", String.valueOf(f.withdrawnBatch))
                    .replace("{batch}", String.valueOf(f.batch))
                    .replace("{ownTownship}", SecurityFixture.OWN_NAME)
                    .replace("{villageName}", SecurityFixture.VILLAGE);
            Object content = body.content.apply(f);
            return switch (method) {
                case "GET" -> as.get(uri);
                case "PUT" -> as.put(uri, content == null ? Map.of() : content);
                case "POST" -> content instanceof Ledger l ? as.upload(uri, "台账.csv", l.csv()) : as.post(uri, content == null ? Map.of() : content);
                default -> throw new IllegalArgumentException(method);
            };
        }
    }

    static Rule get(String path, String statuses, String note) {
        return new Rule("GET", path, NONE, note, statuses(statuses));
    }

    static Rule post(String path, Body body, String statuses, String note) {
        return new Rule("POST", path, body, note, statuses(statuses));
    }

    static Rule put(String path, Body body, String statuses, String note) {
        return new Rule("PUT", path, body, note, statuses(statuses));
    }

    /** "401 | 200 200 ..." → the statuses, one per {@link Caller}; the bars only group the columns. */
    private static int[] statuses(String row) {
        return Arrays.stream(row.replace("|", " ").trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }
}
