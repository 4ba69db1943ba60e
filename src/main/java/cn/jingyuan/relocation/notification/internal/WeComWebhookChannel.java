package cn.jingyuan.relocation.notification.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.notification.NotificationProperties;
import cn.jingyuan.relocation.notification.OutboundChannel;
import cn.jingyuan.relocation.notification.OutboundMessage;

/**
 * A WeCom (企业微信) group robot per township: {@code POST} of {@code {"msgtype":"text","text":{"content":...}}} or
 * {@code {"msgtype":"markdown","markdown":{"content":...}}} to the robot's webhook URL, configured under
 * {@code relocation.notification.wecom.webhooks.<township slug | county>}. The robot answers
 * {@code {"errcode":0,"errmsg":"ok"}}; any other errcode (45009: more than 20 messages a minute) or HTTP status
 * is a failed send, tried again later. The URL holds the robot's key: it is never logged.
 */
@Component
class WeComWebhookChannel implements OutboundChannel {

    /** WeCom's limits on a message's content, in UTF-8 bytes. */
    static final int TEXT_LIMIT = 2048;
    static final int MARKDOWN_LIMIT = 4096;

    private final NotificationProperties properties;
    private final ObjectMapper json;
    private final HttpClient http;

    WeComWebhookChannel(NotificationProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.wecom().timeout()).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String name() {
        return "wecom";
    }

    @Override
    public boolean serves(String target) {
        String url = properties.wecom().webhooks().get(target);
        return url != null && !url.isBlank();
    }

    @Override
    public void send(OutboundMessage message) throws OutboundException {
        String url = properties.wecom().webhooks().get(message.target());
        if (url == null || url.isBlank()) {
            throw new OutboundException("no WeCom robot configured for " + message.target());
        }
        String type = message.format() == OutboundMessage.Format.MARKDOWN ? "markdown" : "text";
        int limit = message.format() == OutboundMessage.Format.MARKDOWN ? MARKDOWN_LIMIT : TEXT_LIMIT;
        byte[] body;
        try {
            body = json.writeValueAsBytes(Map.of("msgtype", type, type, Map.of("content", truncate(message.content(), limit))));
        } catch (IOException e) {
            throw new OutboundException("cannot write the message", e);
        }
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(properties.wecom().timeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OutboundException("WeCom robot of " + message.target() + " not reached: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboundException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new OutboundException("WeCom robot of " + message.target() + " answered HTTP " + response.statusCode());
        }
        try {
            JsonNode answer = json.readTree(response.body());
            int code = answer.path("errcode").asInt(-1);
            if (code != 0) {
                throw new OutboundException("WeCom robot of " + message.target() + " refused the message: errcode " + code + " "
                        + answer.path("errmsg").asText());
            }
        } catch (IOException e) {
            throw new OutboundException("WeCom robot of " + message.target() + " answered no JSON", e);
        }
    }

    /** The content cut to at most {@code limit} UTF-8 bytes, marked when cut. */
    static String truncate(String content, int limit) {
        if (content.getBytes(StandardCharsets.UTF_8).length <= limit) {
            return content;
        }
        String more = "……";
        int budget = limit - more.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < content.length(); ) {
            int cp = content.codePointAt(i);
            int bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + bytes > budget) {
                break;
            }
            out.appendCodePoint(cp);
            used += bytes;
            i += Character.charCount(cp);
        }
        return out.append(more).toString();
    }
}
