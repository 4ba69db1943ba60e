package cn.jingyuan.relocation.relocationcase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.ImportsInProgress;
import cn.jingyuan.relocation.shared.ClusterLock;

/**
 * Background openings give way to a running ledger import; the opening an import does for its own answer does not.
 */
class CaseOpenerYieldTests {

    private final RelocationCaseService cases = mock(RelocationCaseService.class);
    private final ImportsInProgress imports = new ImportsInProgress();
    private final ConcurrentLinkedQueue<List<Long>> opened = new ConcurrentLinkedQueue<>();
    private final CaseOpener opener = new CaseOpener(cases, mock(HouseholdService.class), mock(ClusterLock.class), imports, 2);

    CaseOpenerYieldTests() {
        doAnswer(call -> {
            opened.add(List.copyOf(call.<List<Long>>getArgument(0)));
            return null;
        }).when(cases).open(anyList());
    }

    private static List<Long> ids(int n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void aBackgroundOpeningWaitsForTheRunningImportThenOpensEveryChunk() throws Exception {
        imports.begin();
        CompletableFuture<Void> background = CompletableFuture.runAsync(() -> opener.openAll(ids(300), true));
        Thread.sleep(500);
        assertThat(opened).as("nothing opened while the import runs").isEmpty();
        assertThat(background).isNotDone();

        imports.end();
        background.get(10, TimeUnit.SECONDS);
        assertThat(opened).hasSize(3);
        assertThat(opened.stream().flatMap(List::stream).sorted().toList()).isEqualTo(ids(300));
    }

    @Test
    void anImportsOwnOpeningDoesNotWait() throws Exception {
        imports.begin();
        try {
            CompletableFuture.runAsync(() -> opener.openAll(ids(250), false)).get(5, TimeUnit.SECONDS);
            assertThat(opened.stream().mapToInt(List::size).sum()).isEqualTo(250);
        } finally {
            imports.end();
        }
    }

    @Test
    void theWaitForImportsEndsAtItsBound() throws Exception {
        assertThat(imports.awaitNone(java.time.Duration.ofMillis(50))).isTrue();
        imports.begin();
        try {
            long t0 = System.nanoTime();
            assertThat(imports.awaitNone(java.time.Duration.ofMillis(300))).isFalse();
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(250L, 5_000L);
        } finally {
            imports.end();
        }
        assertThat(imports.awaitNone(java.time.Duration.ofMillis(50))).isTrue();
    }
}
