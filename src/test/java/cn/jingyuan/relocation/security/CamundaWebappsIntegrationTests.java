package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/**
 * Tasklist, Cockpit and Admin as a browser reaches them: the county's roles and the administrator get the apps, in
 * Chinese and without the "migrate to Camunda 8" banner; a township member is sent to our own pages.
 */
@EmbeddedApplicationTest
class CamundaWebappsIntegrationTests {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {"huanghua.tf1", "huanghua.lead"})
    void townshipRolesAreSentToOurPages(String account) {
        Http browser = loggedIn(account);

        for (String app : new String[] {"tasklist", "cockpit", "admin", "welcome"}) {
            HttpResponse<String> answer = browser.get("/camunda/app/" + app + "/");
            assertThat(answer.statusCode()).as(app).isEqualTo(302);
            assertThat(path(answer)).as(app).isEqualTo("/");
        }
        // a deep link too
        assertThat(path(browser.get("/camunda/app/tasklist/default/#/?task=1"))).isEqualTo("/");
    }

    @Test
    void theOfficerGetsTasklistAndCockpit() {
        Http browser = loggedIn("officer");

        assertThat(page(browser, "/camunda/app/tasklist/")).contains("camunda-tasklist-bootstrap.js");
        assertThat(page(browser, "/camunda/app/cockpit/")).contains("camunda-cockpit-bootstrap.js");
    }

    @Test
    void theAdministratorGetsAdmin() {
        assertThat(page(loggedIn("admin"), "/camunda/app/admin/")).contains("camunda-admin-bootstrap.js");
    }

    @Test
    void nobodyLoggedInIsAskedToLogIn() {
        HttpResponse<String> answer = Http.browser(port).get("/camunda/app/tasklist/");

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(path(answer)).isEqualTo("/login");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void theAppsSpeakChineseFirstAndShowNoMigrationBanner(String app) {
        Http browser = loggedIn("officer");

        String config = browser.get("/camunda/app/" + app + "/scripts/config.js").body();
        assertThat(config).contains("availableLocales: ['zh-CN', 'en']").contains("fallbackLocale: 'zh-CN'");

        HttpResponse<String> chinese = browser.get("/camunda/app/" + app + "/locales/zh-CN.json");
        assertThat(chinese.statusCode()).isEqualTo(200);
        assertThat(chinese.body()).contains("\"CAM_WIDGET_HEADER_SIGN_OUT\": \"退出登录\"");

        // the banner's element is hard-wired into the header; the user stylesheet every page loads hides it
        assertThat(browser.get("/camunda/app/" + app + "/styles/user-styles.css").body())
                .containsPattern("\\.ce-eol-banner\\s*\\{\\s*display:\\s*none !important;");
    }

    private Http loggedIn(String account) {
        Http browser = Http.browser(port);
        HttpResponse<String> login = browser.login(account, "demo", browser.csrfToken());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(path(login)).doesNotContain("error");
        return browser;
    }

    /** Follows the webapps' own redirects (to the default engine) and returns the page. */
    private static String page(Http browser, String path) {
        HttpResponse<String> answer = browser.get(path);
        for (int hops = 0; answer.statusCode() == 302 && hops < 3; hops++) {
            String next = path(answer);
            assertThat(next).as("redirected from " + path).startsWith("/camunda/app/");
            answer = browser.get(next);
        }
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return answer.body();
    }

    private static String path(HttpResponse<String> answer) {
        String location = answer.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location header"));
        URI uri = URI.create(location);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
