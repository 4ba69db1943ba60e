package cn.jingyuan.relocation.notification.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A WeCom group robot on 127.0.0.1 for tests: records each request's path, query and body, and answers with the
 * status and body it is told to (by default {@code {"errcode":0,"errmsg":"ok"}}, as the robot does).
 */
public final class StubRobot implements AutoCloseable {

    public record Request(String path, String query, String body) {
    }

    private final HttpServer server;
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{\"errcode\":0,\"errmsg\":\"ok\"}";

    public StubRobot() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestURI().getPath(), exchange.getRequestURI().getQuery(), new String(in, StandardCharsets.UTF_8)));
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
            exchange.sendResponseHeaders(status, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
    }

    /** The webhook URL of this robot, with a key as WeCom gives one. */
    public String url(String key) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cgi-bin/webhook/send?key=" + key;
    }

    public StubRobot answer(int status, String body) {
        this.status = status;
        this.answer = body;
        return this;
    }

    public StubRobot ok() {
        return answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
