package cn.jingyuan.relocation.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Workload 8: {@code clients} clients on loopback, each a task force member of its own township over HTTP Basic,
 * for {@code seconds}: each round lists its tasks ({@code GET /api/tasks}) and completes the next of its own
 * identification tasks ({@code POST /api/tasks/{id}/complete}), so no two clients ever reach for the same task.
 */
final class LoadTest {

    record Result(int clients, double seconds, List<Long> listNanos, List<Long> completeNanos, int errors, List<String> sampleErrors) {
        double requestsPerSecond() {
            return (listNanos.size() + completeNanos.size()) / seconds;
        }
    }

    private LoadTest() {
    }

    /** {@code tasksOf.get(i)}: the task ids client {@code i} completes, in order. */
    static Result run(int port, int clients, int seconds, List<Deque<String>> tasksOf, Map<String, Object> completion) throws InterruptedException {
        String body;
        try {
            body = new ObjectMapper().writeValueAsString(completion);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ConcurrentLinkedQueue<Long> lists = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> completes = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger errorCount = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        Parallel.run(clients, () -> {
            int i = next.getAndIncrement();
            Deque<String> mine = tasksOf.get(i);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            String auth = BenchAccounts.basicAuth(BenchAccounts.client(i));
            String base = "http://127.0.0.1:" + port;
            while (System.nanoTime() < end) {
                call(http, HttpRequest.newBuilder(URI.create(base + "/api/tasks?scope=all&size=20")).header("Authorization", auth)
                        .timeout(Duration.ofSeconds(30)).GET().build(), 200, lists, errors, errorCount);
                String task = mine.poll();
                if (task == null || System.nanoTime() >= end) {
                    continue;
                }
                call(http, HttpRequest.newBuilder(URI.create(base + "/api/tasks/" + task + "/complete")).header("Authorization", auth)
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), 204, completes, errors, errorCount);
            }
        });
        return new Result(clients, (System.nanoTime() - start) / 1e9, new ArrayList<>(lists), new ArrayList<>(completes),
                errorCount.get(), errors.stream().limit(5).toList());
    }

    private static void call(HttpClient http, HttpRequest request, int expected, ConcurrentLinkedQueue<Long> times,
                             ConcurrentLinkedQueue<String> errors, AtomicInteger errorCount) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            times.add(System.nanoTime() - t0);
            if (r.statusCode() != expected) {
                errorCount.incrementAndGet();
                errors.add(request.method() + " " + request.uri().getPath() + " → " + r.statusCode() + " " + abbreviate(r.body()));
            }
        } catch (Exception e) {
            times.add(System.nanoTime() - t0);
            errorCount.incrementAndGet();
            errors.add(request.method() + " " + request.uri().getPath() + " → " + e);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    static List<Deque<String>> queues(int clients) {
        List<Deque<String>> q = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            q.add(new ArrayDeque<>());
        }
        return q;
    }
}
