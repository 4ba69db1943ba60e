package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The cipher keeps one Cipher and one Mac per thread: many threads encrypting, decrypting and hashing at once (as
 * a ledger import does on every core) still get exactly what one thread alone would.
 */
class PiiCipherThreadTests {

    private static final byte[] HASH_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final PiiCipher cipher = new PiiCipher(new PiiProperties(Base64.getEncoder().encodeToString(new byte[32]),
            Base64.getEncoder().encodeToString(HASH_KEY)), new MockEnvironment());

    @Test
    void manyThreadsAtOnceGetWhatOneThreadWould() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> IntStream.range(0, 2000).mapToObj(i -> {
                    String plain = "64042419" + String.format("%010d", thread * 100_000 + i);
                    String stored = cipher.encrypt(plain);
                    return plain + " " + cipher.decrypt(stored) + " " + cipher.hash(plain) + " " + stored;
                }).toList()));
            }
            Mac reference = Mac.getInstance("HmacSHA256");
            reference.init(new SecretKeySpec(HASH_KEY, "HmacSHA256"));
            List<String> ciphertexts = new ArrayList<>();
            for (Future<List<String>> f : results) {
                for (String line : f.get()) {
                    String[] p = line.split(" ");
                    assertThat(p[1]).isEqualTo(p[0]);
                    assertThat(p[2]).isEqualTo(HexFormat.of().formatHex(reference.doFinal(p[0].getBytes(StandardCharsets.UTF_8))));
                    ciphertexts.add(p[3]);
                }
            }
            // a fresh IV for every value: no two cipher texts alike
            assertThat(ciphertexts).hasSize(8000).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }
}
