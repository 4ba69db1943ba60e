package cn.jingyuan.relocation.calendar.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.support.Api;

/**
 * The working-day calendar over HTTP with the published schedules: 2025 from the bureau's table as shipped
 * (Spring Festival 28 January to 4 February off, 26 January and 8 February worked; National Day and Mid-Autumn 1
 * to 8 October off, 28 September and 11 October worked), 2023 from the built-in library, and a year the bureau
 * enters by hand ({@value #ENTERED}, and {@value #REFUSED} for what is refused), which nothing else uses.
 */
abstract class CalendarApiContract {

    static final int ENTERED = 2033;
    static final int REFUSED = 2034;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Api api;

    @BeforeEach
    void connect() {
        api = Api.at(port);
    }

    @Test
    void the2025ScheduleIsTheStateCouncilsAsTheBureauEnteredIt() {
        Api.Response r = api.as("xiangshui.tf1").get("/api/calendar/2025");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode y = r.json();
        assertThat(y.path("source").asText()).isEqualTo("BUREAU");
        assertThat(y.path("sourceLabel").asText()).isEqualTo("本局维护");
        assertThat(days(y, "HOLIDAY")).contains("2025-01-28", "2025-01-31", "2025-02-04", "2025-05-01", "2025-05-05", "2025-10-01", "2025-10-08")
                .doesNotContain("2025-01-27", "2025-02-05", "2025-10-09");
        assertThat(days(y, "MAKEUP_WORKDAY")).containsExactly("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11");
        JsonNode oct1 = day(y, "2025-10-01");
        assertThat(oct1.path("typeLabel").asText()).isEqualTo("放假");
        assertThat(oct1.path("name").asText()).isEqualTo("国庆节、中秋节");
    }

    @Test
    void workingDaysSkipHolidaysAndCountMakeUpWeekends() {
        assertThat(addWorkdays("2025-04-30", 1)).as("May Day 1-5 May").isEqualTo("2025-05-06");
        assertThat(addWorkdays("2025-04-25", 1)).as("Sunday 27 April is worked").isEqualTo("2025-04-27");
        assertThat(addWorkdays("2025-01-24", 1)).as("Sunday 26 January is worked").isEqualTo("2025-01-26");
        assertThat(addWorkdays("2025-01-27", 1)).as("Spring Festival 28 January - 4 February").isEqualTo("2025-02-05");
        assertThat(addWorkdays("2025-02-07", 1)).as("Saturday 8 February is worked").isEqualTo("2025-02-08");
        assertThat(addWorkdays("2025-09-26", 1)).as("Sunday 28 September is worked").isEqualTo("2025-09-28");
        assertThat(addWorkdays("2025-09-30", 1)).as("National Day 1-8 October").isEqualTo("2025-10-09");
        assertThat(addWorkdays("2025-10-10", 1)).as("Saturday 11 October is worked").isEqualTo("2025-10-11");
        assertThat(addWorkdays("2025-09-29", 7)).isEqualTo("2025-10-15");
        assertThat(addWorkdays("2025-04-30", 0)).isEqualTo("2025-04-30");
    }

    @Test
    void aYearTheLibraryKnowsComesFromItAndCannotBeEdited() {
        JsonNode y = api.as("officer").get("/api/calendar/2023").json();
        assertThat(y.path("source").asText()).isEqualTo("LIBRARY");
        assertThat(y.path("editable").asBoolean()).isFalse();
        assertThat(days(y, "MAKEUP_WORKDAY")).contains("2023-10-07", "2023-10-08");
        assertThat(addWorkdays("2023-09-28", 1)).isEqualTo("2023-10-07");

        Api.Response put = api.as("officer").put("/api/calendar/2023", Map.of("days", List.of(holiday("2023-10-01", "国庆节"))));
        assertThat(put.status()).as(put.toString()).isEqualTo(409);
        assertThat(put.json().path("detail").asText()).contains("国务院");
    }

    @Test
    void anUnknownYearHasNoDaysAndSaysSo() {
        Api.Response r = api.as("officer").get("/api/calendar/2099");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("source").asText()).isEqualTo("NONE");
        assertThat(r.json().path("days").isNull()).isTrue();
        Api.Response w = api.as("officer").get("/api/calendar/add-workdays?from=2099-10-01&days=1");
        assertThat(w.json().path("yearsWithoutSchedule").get(0).asInt()).as("weekends only, and it says so").isEqualTo(2099);
    }

    @Test
    void theBureauEntersAndReplacesAYear() {
        Api.Response first = api.as("officer").put("/api/calendar/" + ENTERED, Map.of("basis", "国务院办公厅关于" + ENTERED + "年部分节假日安排的通知",
                "days", List.of(holiday(ENTERED + "-05-02", "劳动节"), holiday(ENTERED + "-05-03", "劳动节"), makeup(ENTERED + "-04-24"))));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().path("source").asText()).isEqualTo("BUREAU");
        assertThat(first.json().path("updatedByName").asText()).isNotBlank().isNotEqualTo("officer");
        assertThat(addWorkdays(ENTERED + "-04-29", 1)).as("Friday 29 April, then 2-3 May off").isEqualTo(ENTERED + "-05-04");
        assertThat(addWorkdays(ENTERED + "-04-22", 1)).as("Sunday 24 April worked").isEqualTo(ENTERED + "-04-24");

        Api.Response second = api.as("admin").put("/api/calendar/" + ENTERED, Map.of("days", List.of(holiday(ENTERED + "-10-03", "国庆节"))));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        JsonNode y = api.as("xinmin.tf1").get("/api/calendar/" + ENTERED).json();
        assertThat(days(y, "HOLIDAY")).containsExactly(ENTERED + "-10-03");
        assertThat(days(y, "MAKEUP_WORKDAY")).isEmpty();
        assertThat(addWorkdays(ENTERED + "-04-22", 1)).as("the old make-up day is gone").isEqualTo(ENTERED + "-04-25");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE entity = 'calendar' AND entity_id = ? AND action = 'UPDATE'", Long.class,
                Integer.toString(ENTERED))).isEqualTo(2);
    }

    @Test
    void everyBadEntryIsNamedAndNothingIsSaved() {
        List<Map<String, Object>> days = new ArrayList<>();
        days.add(holiday(REFUSED + "-10-01", "国庆节"));
        days.add(Map.of("date", REFUSED + "-13-01", "type", "HOLIDAY", "name", "国庆节"));
        days.add(Map.of("date", (REFUSED + 1) + "-01-01", "type", "HOLIDAY", "name", "元旦"));
        days.add(Map.of("date", REFUSED + "-10-04", "type", "HALF_DAY", "name", "国庆节"));
        days.add(makeup(REFUSED + "-10-09"));
        days.add(holiday(REFUSED + "-10-01", "国庆节"));
        days.add(Map.of("date", REFUSED + "-10-02", "type", "放假"));
        Api.Response r = api.as("officer").put("/api/calendar/" + REFUSED, Map.of("days", days));
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.contentType().toString()).startsWith("application/problem+json");
        assertThat(r.errors()).containsExactly("2 date", "3 date", "4 type", "5 type", "6 date", "7 name");
        assertThat(r.json().path("errors").get(3).path("message").asText()).contains("星期一");
        assertThat(r.json().path("errors").get(4).path("message").asText()).contains("第1条");
        assertThat(api.as("officer").get("/api/calendar/" + REFUSED).json().path("source").asText()).isEqualTo("NONE");
    }

    @Test
    void onlyTheAdministratorAndTheOfficerMayEditAYear() {
        Map<String, Object> body = Map.of("days", List.of(holiday(REFUSED + "-10-01", "国庆节")));
        for (String user : List.of("xiangshui.lead", "xiangshui.tf1", "deputy", "finance")) {
            Api.Response r = api.as(user).put("/api/calendar/" + REFUSED, body);
            assertThat(r.status()).as(user + ": " + r).isEqualTo(403);
        }
        assertThat(api.anonymous().get("/api/calendar/2025").status()).isEqualTo(401);
        assertThat(api.as("officer").get("/api/calendar/" + REFUSED).json().path("source").asText()).isEqualTo("NONE");
    }

    @Test
    void malformedQuestionsAreFourHundreds() {
        assertThat(api.as("officer").get("/api/calendar/add-workdays?from=2025-02-30&days=1").errors()).containsExactly("from");
        assertThat(api.as("officer").get("/api/calendar/add-workdays?from=2025-02-01&days=-1").errors()).containsExactly("days");
        assertThat(api.as("officer").get("/api/calendar/add-workdays?from=2025-02-01&days=x").status()).isEqualTo(400);
        assertThat(api.as("officer").get("/api/calendar/1800").status()).isEqualTo(400);
        assertThat(api.as("officer").get("/api/calendar/abc").status()).isEqualTo(400);
        assertThat(api.as("officer").put("/api/calendar/" + REFUSED, Map.of("basis", "x")).status()).isEqualTo(400);
    }

    private String addWorkdays(String from, int days) {
        Api.Response r = api.as("officer").get("/api/calendar/add-workdays?from=" + from + "&days=" + days);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("date").asText();
    }

    private static Map<String, Object> holiday(String date, String name) {
        return Map.of("date", date, "type", "HOLIDAY", "name", name);
    }

    private static Map<String, Object> makeup(String date) {
        return Map.of("date", date, "type", "MAKEUP_WORKDAY", "name", "调休上班");
    }

    private static List<String> days(JsonNode year, String type) {
        List<String> out = new ArrayList<>();
        year.path("days").forEach(d -> {
            if (d.path("type").asText().equals(type)) {
                out.add(d.path("date").asText());
            }
        });
        return out;
    }

    private static JsonNode day(JsonNode year, String date) {
        for (JsonNode d : year.path("days")) {
            if (d.path("date").asText().equals(date)) {
                return d;
            }
        }
        throw new AssertionError("no " + date + " in " + year);
    }
}
