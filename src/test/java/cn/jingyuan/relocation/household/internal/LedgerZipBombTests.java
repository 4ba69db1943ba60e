package cn.jingyuan.relocation.household.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.support.ZipBomb;

/**
 * A zip bomb (one sheet of a billion repeated cells, about 4 MB) is refused with 413 within seconds by a JVM with a
 * 512 MB heap: the reader is run in a child JVM started with {@code -Xmx512m}, as a small server would run.
 */
class LedgerZipBombTests {

    @TempDir
    Path dir;

    @Test
    void aBillionCellSheetIsRefusedQuicklyInA512MegabyteHeap() throws Exception {
        byte[] bomb = ZipBomb.xlsx();
        assertThat(bomb.length).isLessThan((int) LedgerReader.MAX_BYTES);
        Path file = Files.write(dir.resolve("bomb.xlsx"), bomb);

        long start = System.nanoTime();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), ReadLedger.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            p.destroyForcibly();
        }

        assertThat(ended).as("the child JVM ended: " + out).isTrue();
        assertThat(out).as(out).contains("STATUS 413");
        System.out.printf("zip bomb of %d bytes refused in %.1f s: %s%n", bomb.length, seconds, out.strip());
        assertThat(seconds).as("seconds to refuse it, JVM start included").isLessThan(30);
    }

    /** The child JVM: reads one ledger file and prints the answer's status. */
    public static final class ReadLedger {
        public static void main(String[] args) throws IOException {
            try {
                System.out.println("ROWS " + LedgerReader.read(Path.of(args[0])).size());
            } catch (ApiException e) {
                System.out.println("STATUS " + e.status().value() + " " + e.getMessage());
            }
        }
    }
}
