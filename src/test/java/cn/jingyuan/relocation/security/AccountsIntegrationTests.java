package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/**
 * The accounts API of the contract and a person's own password: created with a one-time password that must be changed
 * before anything else; the password rules one by one (400 naming the rule); a disabled account, a changed role and a
 * reset password take effect at the very next request, for HTTP Basic and for a browser session alike.
 */
@EmbeddedApplicationTest
class AccountsIntegrationTests {

    static final String GOOD = "黄花乡专班-2026春季";

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void connect() {
        api = Api.at(port);
    }

    private String newId() {
        return "acct." + System.nanoTime() % 1_000_000_000L;
    }

    private JsonNode create(String id, String role, String township) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("name", "测试账号");
        body.put("role", role);
        if (township != null) {
            body.put("township", township);
        }
        body.put("phone", "13912345678");
        Api.Response r = api.as("admin").post("/api/accounts", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private int status(String user, String password, String path) {
        return api.as(user, password).get(path).status();
    }

    private Api.Response change(String user, String password, String oldPassword, String newPassword) {
        return api.as(user, password).post("/api/me/password", Map.of("oldPassword", oldPassword, "newPassword", newPassword));
    }

    @Test
    void aNewAccountMustChangeItsOneTimePasswordBeforeAnythingElse() {
        String id = newId();
        JsonNode created = create(id, "TOWNSHIP_TASK_FORCE", "黄花乡");
        String otp = created.path("oneTimePassword").asText();
        assertThat(otp).hasSize(14);
        assertThat(created.path("account").path("role").asText()).isEqualTo("TOWNSHIP_TASK_FORCE");
        assertThat(created.path("account").path("townshipName").asText()).isEqualTo("黄花乡");
        assertThat(created.path("account").path("phone").asText()).isEqualTo("139****5678");
        assertThat(created.path("account").path("mustChangePassword").asBoolean()).isTrue();

        assertThat(status(id, otp, "/api/tasks")).isEqualTo(403);
        assertThat(status(id, otp, "/engine-rest/task")).isEqualTo(403);
        assertThat(status(id, otp, "/api/session")).isEqualTo(200);

        Api.Response tooShort = change(id, otp, otp, "kurz-123");
        assertThat(tooShort.status()).as(tooShort.toString()).isEqualTo(400);
        assertThat(tooShort.errors()).containsExactly("newPassword");
        assertThat(tooShort.text()).contains("10");
        Api.Response sameAsId = change(id, otp, otp, id.toUpperCase());
        assertThat(sameAsId.status()).isEqualTo(400);
        assertThat(sameAsId.text()).contains("account id");
        Api.Response common = change(id, otp, otp, "qwertyuiop");
        assertThat(common.status()).isEqualTo(400);
        assertThat(common.text()).contains("common");
        Api.Response wrongOld = change(id, otp, "nicht-das-alte", GOOD);
        assertThat(wrongOld.status()).isEqualTo(400);
        assertThat(wrongOld.errors()).containsExactly("oldPassword");
        assertThat(status(id, otp, "/api/tasks")).as("nothing changed yet").isEqualTo(403);

        assertThat(change(id, otp, otp, GOOD).status()).isEqualTo(204);
        assertThat(status(id, GOOD, "/api/tasks")).isEqualTo(200);
        assertThat(status(id, otp, "/api/tasks")).as("the one-time password is gone").isEqualTo(401);
    }

    @Test
    void disablingReassigningAndResettingTakeEffectAtTheNextRequest() {
        String id = newId();
        String otp = create(id, "FINANCE", null).path("oneTimePassword").asText();
        assertThat(change(id, otp, otp, GOOD).status()).isEqualTo(204);
        assertThat(status(id, GOOD, "/api/batches")).isEqualTo(200);
        Http browser = Http.browser(port);
        assertThat(browser.login(id, GOOD, browser.csrfToken()).statusCode()).isEqualTo(302);
        assertThat(browser.get("/api/session").statusCode()).isEqualTo(200);

        Api.Response disabled = api.as("admin").put("/api/accounts/{id}", Map.of("enabled", false), id);
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
        assertThat(status(id, GOOD, "/api/batches")).isEqualTo(401);
        assertThat(browser.get("/api/session").statusCode()).as("the browser session ends").isEqualTo(401);

        assertThat(api.as("admin").put("/api/accounts/{id}", Map.of("enabled", true, "role", "TOWNSHIP_LEAD", "township", "香水镇"), id).status())
                .isEqualTo(200);
        assertThat(status(id, GOOD, "/api/batches")).as("a township reviewer may not list batches").isEqualTo(403);
        assertThat(api.as(id, GOOD).get("/api/session").json().path("township").asText()).isEqualTo("xiangshui");

        Api.Response reset = api.as("admin").post("/api/accounts/{id}/reset-password", Map.of(), id);
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        String second = reset.json().path("oneTimePassword").asText();
        assertThat(status(id, GOOD, "/api/session")).as("the old password, at once").isEqualTo(401);
        assertThat(status(id, second, "/api/tasks")).isEqualTo(403);
        assertThat(status(id, second, "/api/session")).isEqualTo(200);
    }

    @Test
    void aTownshipReviewerReadsTheirOwnTaskForceOnlyAndNobodyButTheAdministratorWrites() {
        Api.Response lead = api.as("huanghua.lead").get("/api/accounts");
        assertThat(lead.status()).as(lead.toString()).isEqualTo(200);
        assertThat(lead.json().findValuesAsText("id")).contains("huanghua.tf1", "huanghua.tf2")
                .noneMatch(u -> u.startsWith("xiangshui.") || u.equals("huanghua.lead") || u.equals("admin"));
        assertThat(lead.json().findValuesAsText("role")).containsOnly("TOWNSHIP_TASK_FORCE");
        assertThat(lead.json().findValuesAsText("townshipName")).containsOnly("黄花乡");
        for (String user : java.util.List.of("officer", "huanghua.tf1", "deputy")) {
            assertThat(api.as(user).get("/api/accounts").status()).as(user).isEqualTo(403);
        }
        for (String user : java.util.List.of("officer", "huanghua.lead")) {
            assertThat(api.as(user).post("/api/accounts", Map.of("id", newId(), "name", "x", "role", "ADMIN")).status()).isEqualTo(403);
            assertThat(api.as(user).put("/api/accounts/{id}", Map.of("enabled", false), "huanghua.tf2").status()).isEqualTo(403);
            assertThat(api.as(user).post("/api/accounts/{id}/reset-password", Map.of(), "huanghua.tf2").status()).isEqualTo(403);
        }
        assertThat(api.as("admin").get("/api/accounts").json().findValuesAsText("id")).contains("admin", "xiangshui.lead", "huanghua.tf1");
        assertThat(api.as("huanghua.tf2").get("/api/tasks").status()).isEqualTo(200);
    }

    @Test
    void badAccountRequestsAre400sNamingTheFieldAndADuplicateIs409() {
        Api.Response empty = api.as("admin").post("/api/accounts", Map.of());
        assertThat(empty.status()).as(empty.toString()).isEqualTo(400);
        assertThat(empty.errors()).contains("id", "name", "role");
        Api.Response noTownship = api.as("admin").post("/api/accounts", Map.of("id", newId(), "name", "张三", "role", "TOWNSHIP_LEAD"));
        assertThat(noTownship.status()).isEqualTo(400);
        assertThat(noTownship.errors()).containsExactly("township");
        Api.Response badRole = api.as("admin").post("/api/accounts", Map.of("id", newId(), "name", "张三", "role", "KING"));
        assertThat(badRole.errors()).containsExactly("role");
        Api.Response badPhone = api.as("admin").post("/api/accounts", Map.of("id", newId(), "name", "张三", "role", "OFFICER", "phone", "12"));
        assertThat(badPhone.errors()).containsExactly("phone");
        Api.Response duplicate = api.as("admin").post("/api/accounts", Map.of("id", "officer", "name", "张三", "role", "OFFICER"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(api.as("admin").put("/api/accounts/{id}", Map.of("enabled", false), "nobody.here").status()).isEqualTo(404);
        Api.Response self = api.as("admin").put("/api/accounts/{id}", Map.of("enabled", false), "admin");
        assertThat(self.status()).isEqualTo(400);
        assertThat(self.errors()).containsExactly("enabled");
        assertThat(status("admin", "demo", "/api/audit")).isEqualTo(200);
    }

    @Test
    void theBrowserSessionThatChangedThePasswordGoesOn() {
        String id = newId();
        String otp = create(id, "OFFICER", null).path("oneTimePassword").asText();
        Http browser = Http.browser(port);
        assertThat(browser.login(id, otp, browser.csrfToken()).statusCode()).isEqualTo(302);
        HttpResponse<String> session = browser.get("/api/session");
        assertThat(session.statusCode()).isEqualTo(200);
        String token = session.body().replaceAll(".*\"csrfToken\":\"([^\"]+)\".*", "$1");
        assertThat(token).isNotBlank().doesNotContain("{");
        HttpResponse<String> changed = browser.send("POST", "/api/me/password", "application/json",
                "{\"oldPassword\":\"" + otp + "\",\"newPassword\":\"" + GOOD + "\"}", Map.of("X-CSRF-TOKEN", token));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        assertThat(browser.get("/api/households?year=2024&size=1").statusCode()).isEqualTo(200);
    }
}
