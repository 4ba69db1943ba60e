package cn.jingyuan.relocation.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Walks cases over HTTP as the demo accounts do: registers a two-person household, finds a case's open steps,
 * completes them, fires the public notice's timer. Every call asserts the answer it needs (201, 200, 204) and says
 * who did what when it is not.
 */
public final class CaseWalk {

    private final Api api;

    private CaseWalk(Api api) {
        this.api = api;
    }

    public static CaseWalk over(Api api) {
        return new CaseWalk(api);
    }

    /** Registers a household (head born {@code headBorn}, a wife two years younger) as {@code user}; its case number. */
    public String register(String user, int year, String township, String village, String villageGroup, int headBorn) {
        People.Person head = People.person(headBorn, true, "户主");
        People.Person wife = People.person(headBorn + 2, false, "配偶");
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("planYear", year);
        h.put("township", township);
        h.put("village", village);
        h.put("villageGroup", villageGroup);
        h.put("category", "风险区管控");
        h.put("riskLevel", "高");
        h.put("phone", People.mobile());
        h.put("declaredSize", 2);
        h.put("members", List.of(Map.of("name", head.name(), "idNumber", head.idNumber(), "relation", head.relation()),
                Map.of("name", wife.name(), "idNumber", wife.idNumber(), "relation", wife.relation())));
        Api.Response r = api.as(user).post("/api/households", h);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("caseNo").asText();
    }

    public void complete(String taskId, String user, Map<String, Object> fields) {
        Api.Response r = api.as(user).post("/api/tasks/{id}/complete", fields, taskId);
        assertThat(r.status()).as("%s completes %s: %s", user, taskId, r).isEqualTo(204);
    }

    /** The id of the case's open step {@code taskKey} (as the officer sees the case). */
    public String openTask(String caseNo, String taskKey) {
        for (JsonNode t : get("officer", "/api/cases/{c}", caseNo).path("openTasks")) {
            if (taskKey.equals(t.path("taskDefinitionKey").asText())) {
                return t.path("id").asText();
            }
        }
        throw new AssertionError("no open " + taskKey + " in " + caseNo);
    }

    public List<String> openTaskIds(String caseNo) {
        List<String> out = new ArrayList<>();
        get("officer", "/api/cases/{c}", caseNo).path("openTasks").forEach(t -> out.add(t.path("id").asText()));
        return out;
    }

    /** The case's timer jobs (the public notice's), as the engine's REST API lists them to the administrator. */
    public List<JsonNode> timers(String caseNo) {
        JsonNode pis = get("admin", "/engine-rest/process-instance?businessKey={k}", caseNo);
        List<JsonNode> out = new ArrayList<>();
        get("admin", "/engine-rest/job?processInstanceId={p}&timers=true", pis.get(0).path("id").asText()).forEach(out::add);
        return out;
    }

    /** Fires the case's timers now, as if the public notice had run its days. */
    public void fireTimers(String caseNo) {
        for (JsonNode job : timers(caseNo)) {
            assertThat(api.as("admin").post("/engine-rest/job/{id}/execute", Map.of(), job.path("id").asText()).status()).isEqualTo(204);
        }
    }

    /** A GET that must answer 200, as {@code user}; its body. */
    public JsonNode get(String user, String uri, Object... variables) {
        Api.Response r = api.as(user).get(uri, variables);
        assertThat(r.status()).as("GET %s as %s: %s", uri, user, r).isEqualTo(200);
        return r.json();
    }
}
