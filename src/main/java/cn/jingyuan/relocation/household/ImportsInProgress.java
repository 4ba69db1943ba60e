package cn.jingyuan.relocation.household;

import java.time.Duration;

import org.springframework.stereotype.Component;

/**
 * The ledger imports running on this node. Background work that competes with them for the database (opening the
 * cases of a big ledger imported earlier) waits while one runs, so the person waiting for an upload's answer is served
 * first; it waits a bounded time, so a stream of imports cannot hold it back for ever.
 */
@Component
public class ImportsInProgress {

    private int running;

    /** An import starts (its answer is awaited). */
    public synchronized void begin() {
        running++;
    }

    /** The import has committed or failed. */
    public synchronized void end() {
        running--;
        if (running == 0) {
            notifyAll();
        }
    }

    /** Waits until no import runs on this node, or {@code atMost} has passed; true when none runs. */
    public synchronized boolean awaitNone(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (running > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
