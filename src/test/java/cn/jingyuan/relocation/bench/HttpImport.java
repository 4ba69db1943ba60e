package cn.jingyuan.relocation.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.household.HouseholdsRegistered;

/**
 * Workload 1 as the county does it: the county officer uploads the township ledgers one after another, one
 * {@code POST /api/households/import} per file (multipart, HTTP Basic), each its own all-or-nothing import. Each
 * upload's cases open when it commits: before the answer for an ordinary ledger (up to 2,000 households), in the
 * background beside the uploads that follow for a bigger one. Two figures: the import itself (each request's start to
 * its import's commit, added up) and the officer's wait (the first request to the last answer).
 */
final class HttpImport {

    private HttpImport() {
    }

    /** Households the answers counted as imported; seconds to the imports' commits (added up) and to the last answer. */
    record Result(int households, double importSeconds, double answeredSeconds) {
    }

    static Result run(BenchApp app, List<byte[]> files) throws Exception {
        // the commit of each upload's import, seen from inside its transaction (the registration event is published there)
        AtomicLong committed = new AtomicLong();
        app.context.addApplicationListener((ApplicationListener<ApplicationEvent>) e -> {
            if (!(e instanceof PayloadApplicationEvent<?> p && p.getPayload() instanceof HouseholdsRegistered)) {
                return;
            }
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public int getOrder() {
                    return Ordered.HIGHEST_PRECEDENCE; // before the case opener's
                }

                @Override
                public void afterCommit() {
                    committed.set(System.nanoTime());
                }
            });
        });
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        String auth = BenchAccounts.basicAuth(BenchAccounts.OFFICER);
        ObjectMapper json = new ObjectMapper();
        int households = 0;
        long toCommits = 0;
        long start = System.nanoTime();
        for (int i = 0; i < files.size(); i++) {
            committed.set(0);
            long sent = System.nanoTime();
            String boundary = "bench-ledger-" + System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port + "/api/households/import"))
                    .header("Authorization", auth).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .timeout(Duration.ofMinutes(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, "ledger-" + (i + 1) + ".csv", files.get(i)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("upload " + (i + 1) + " of " + files.size() + " answered " + r.statusCode() + ": "
                        + r.body().substring(0, Math.min(500, r.body().length())));
            }
            if (committed.get() == 0) {
                throw new IllegalStateException("upload " + (i + 1) + " answered 200 without registering households");
            }
            toCommits += committed.get() - sent;
            households += json.readTree(r.body()).get("imported").asInt();
        }
        return new Result(households, toCommits / 1e9, (System.nanoTime() - start) / 1e9);
    }

    /** One part named {@code file}, as a browser's form sends it. */
    static byte[] multipart(String boundary, String filename, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 256);
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
