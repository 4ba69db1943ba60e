package cn.jingyuan.relocation.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.RawCodes;

/** A browser that meets an error gets a Chinese page that says what happened, never Spring's English "Whitelabel" page. */
@EmbeddedApplicationTest
class ErrorPagesIntegrationTests {

    @LocalServerPort
    int port;

    private HttpResponse<String> page(String user, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", "text/html");
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aPageAnotherRoleMayNotOpenIs403InChinese() throws Exception {
        HttpResponse<String> r = page("huanghua.tf1", "/admin/accounts");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains(">无权访问</h1>", "此操作仅限", "回到工作台").doesNotContain("Whitelabel", "Forbidden", "Exception", "th:text");
        assertThat(RawCodes.in(r.body().replaceAll("<[^>]+>", " "))).isEmpty();
    }

    @Test
    void theCamundaAdminAppIs403InChineseForTheOfficer() throws Exception {
        HttpResponse<String> r = page("officer", "/camunda/app/admin/default/");
        if (r.statusCode() == 403) {
            assertThat(r.body()).contains("无权访问此页面").doesNotContain("Whitelabel");
        } else {
            // the Admin webapp may instead answer with its own page (its login, or a redirect to it): never the English error page
            assertThat(r.body()).doesNotContain("Whitelabel");
        }
    }

    @Test
    void aMissingPageIs404InChinese() throws Exception {
        HttpResponse<String> r = page("officer", "/no-such-page");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("页面不存在", "返回首页").doesNotContain("Whitelabel", "Not Found", "th:text");
        assertThat(RawCodes.in(r.body().replaceAll("<[^>]+>", " "))).isEmpty();
    }

    @Test
    void aCaseThatIsNotThereIs404InChinese() throws Exception {
        HttpResponse<String> r = page("officer", "/cases/640424-1999-9999");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains(">没有找到</h1>").doesNotContain("th:text", "Whitelabel");
    }

    @Test
    void scriptsStillGetJson() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/no-such-thing"))
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("officer:demo".getBytes(StandardCharsets.UTF_8))).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).startsWith("{").doesNotContain("<html");
    }
}
