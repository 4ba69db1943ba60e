package cn.jingyuan.relocation.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The application over HTTP, as a script or the browser's API calls see it: HTTP Basic with a demo account
 * (password {@code demo}) or no credentials at all. Answers are never thrown; tests look at status and body.
 */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final RestClient rest;
    private final String authorization;

    private Api(RestClient rest, String authorization) {
        this.rest = rest;
        this.authorization = authorization;
    }

    public static Api at(int port) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new Api(RestClient.builder().baseUrl("http://localhost:" + port)
                .requestFactory(new JdkClientHttpRequestFactory(http)).build(), null);
    }

    /** The same server as the demo account {@code user}. */
    public Api as(String user) {
        return as(user, "demo");
    }

    public Api as(String user, String password) {
        return new Api(rest, "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public Api anonymous() {
        return new Api(rest, null);
    }

    public Response get(String uri, Object... variables) {
        return exchange(rest.get().uri(uri, variables));
    }

    public Response put(String uri, Object body, Object... variables) {
        return exchange(rest.put().uri(uri, variables).contentType(MediaType.APPLICATION_JSON).body(body));
    }

    public Response post(String uri, Object body, Object... variables) {
        return exchange(rest.post().uri(uri, variables).contentType(MediaType.APPLICATION_JSON).body(body));
    }

    public Response delete(String uri, Object... variables) {
        return exchange(rest.delete().uri(uri, variables));
    }

    /** A multipart upload of one file in the part {@code file}, as the browser sends it. */
    public Response upload(String uri, String filename, byte[] content) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("file", new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return filename;
            }
        });
        return exchange(rest.post().uri(uri).contentType(MediaType.MULTIPART_FORM_DATA).body(parts));
    }

    private Response exchange(RestClient.RequestHeadersSpec<?> spec) {
        if (authorization != null) {
            spec.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return spec.exchange((request, response) -> new Response(response.getStatusCode().value(), response.getHeaders(),
                response.getBody().readAllBytes()), true);
    }

    /** An answer: status, headers, body. */
    public record Response(int status, HttpHeaders headers, byte[] body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + text(), e);
            }
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** A problem's {@code errors} as "row field" (or just "field" for one without a row), in the order given. */
        public List<String> errors() {
            List<String> out = new ArrayList<>();
            json().path("errors").forEach(e -> out.add((e.hasNonNull("row") ? e.path("row").asInt() + " " : "") + e.path("field").asText()));
            return out;
        }

        public MediaType contentType() {
            return headers.getContentType();
        }

        @Override
        public String toString() {
            String text = text(); // counted in characters: a Chinese body is three times as long in bytes
            return status + " " + (text.length() > 2000 ? text.substring(0, 2000) + "..." : text);
        }
    }
}
