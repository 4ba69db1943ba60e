package cn.jingyuan.relocation.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Plain HTTP where {@link cn.jingyuan.relocation.support.Api} does not reach: any method and content type, and a
 * browser's session (cookies kept, redirects not followed, the login form's CSRF token read from the page).
 */
final class Http {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient client;

    private Http(int port, HttpClient client) {
        this.base = "http://localhost:" + port;
        this.client = client;
    }

    /** Without cookies. */
    static Http at(int port) {
        return new Http(port, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }

    /** A browser: keeps its session cookie. */
    static Http browser(int port) {
        return new Http(port, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(String method, String path, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null, null, Map.of());
    }

    /** The CSRF token the login page carries for this session. */
    String csrfToken() {
        Matcher m = CSRF.matcher(get("/login").body());
        if (!m.find()) {
            throw new AssertionError("the login page carries no CSRF token");
        }
        return m.group(1);
    }

    /** Logs in through the login form, as the browser does; returns the answer to the form's POST. */
    HttpResponse<String> login(String user, String password, String csrfToken) {
        Map<String, String> form = csrfToken == null ? Map.of("username", user, "password", password)
                : Map.of("username", user, "password", password, "_csrf", csrfToken);
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send("POST", "/login", "application/x-www-form-urlencoded", body, Map.of());
    }
}
