package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.jingyuan.relocation.security.DoorCases.Case;
import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/**
 * Requests that used to end in a 500 (issue 11) get a 4xx that names the field: null elements in a list of case
 * numbers, texts longer than their column, values of the wrong JSON type; two withdrawals of one case at once are one
 * withdrawal and a 409; a request that waits too long for a row another transaction holds is a 503 with
 * {@code Retry-After}, and changes nothing.
 */
@EmbeddedApplicationTest
class BadInputIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    ManagementService management;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    Api api;
    SecurityFixture f;

    @BeforeEach
    void connect() {
        api = Api.at(port);
        f = SecurityFixture.of(port, context);
    }

    @Test
    void nullCaseNumbersAreNamedByTheirPosition() {
        Api.Response batch = api.as("officer").post("/api/batches", Map.of("year", SecurityFixture.YEAR, "title", "空编号",
                "caseNos", Arrays.asList(f.batchCase, null)));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(400);
        assertThat(batch.errors()).containsExactly("caseNos[1]");

        Api.Response decision = api.as("deputy").post("/api/batches/{id}/decision", Map.of("decision", "APPROVE", "comment", "同意",
                "excludedCaseNos", Arrays.asList((Object) null)), f.batch);
        assertThat(decision.status()).as(decision.toString()).isEqualTo(400);
        assertThat(decision.errors()).containsExactly("excludedCaseNos[0]");
        Api.Response exclusion = api.as("deputy").post("/api/batches/{id}/decision", Map.of("decision", "APPROVE", "comment", "同意",
                "exclusions", Arrays.asList(Map.of("opinion", "缺编号"))), f.batch);
        assertThat(exclusion.status()).as(exclusion.toString()).isEqualTo(400);
        assertThat(exclusion.errors()).containsExactly("exclusions[0].caseNo");
        assertThat(api.as("officer").get("/api/batches/{id}", f.batch).json().path("status").asText()).isEqualTo("PENDING_DEPUTY");
    }

    @Test
    void textsLongerThanTheirColumnAreNamed() {
        Api.Response documentNo = api.as("deputy").post("/api/batches/{id}/decision", Map.of("decision", "APPROVE", "comment", "同意",
                "documentNo", "泾".repeat(101)), f.batch);
        assertThat(documentNo.status()).as(documentNo.toString()).isEqualTo(400);
        assertThat(documentNo.errors()).containsExactly("documentNo");
        Api.Response opinion = api.as("deputy").post("/api/batches/{id}/decision", Map.of("decision", "REJECT", "comment", "否".repeat(1001)),
                f.batch);
        assertThat(opinion.errors()).containsExactly("comment");
        Api.Response reason = api.as("officer").post("/api/cases/{c}/withdraw", Map.of("reason", "撤".repeat(2001)), f.caseNo);
        assertThat(reason.status()).as(reason.toString()).isEqualTo(400);
        assertThat(reason.errors()).containsExactly("reason");
        Api.Response objection = api.as("officer").post("/api/cases/{c}/objections", Map.of("content", "异".repeat(2001)), f.noticeCase);
        assertThat(objection.errors()).containsExactly("content");
        assertThat(api.as("officer").get("/api/cases/{c}", f.caseNo).json().path("stage").asText()).isEqualTo("IDENTIFIED");
    }

    @Test
    void valuesOfTheWrongJsonTypeAreNamed() {
        Api.Response year = api.as("officer").post("/api/batches", Map.of("year", "明年", "title", "类型", "caseNos", List.of(f.batchCase)));
        assertThat(year.status()).as(year.toString()).isEqualTo(400);
        assertThat(year.errors()).as(year.toString()).containsExactly("year");
        Api.Response caseNos = api.as("officer").post("/api/batches", Map.of("year", SecurityFixture.YEAR, "title", "类型", "caseNos",
                Map.of("a", 1)));
        assertThat(caseNos.status()).as(caseNos.toString()).isEqualTo(400);
        assertThat(caseNos.errors()).as(caseNos.toString()).containsExactly("caseNos");
        Api.Response reason = api.as("officer").post("/api/cases/{c}/withdraw", Map.of("reason", Map.of("text", "x")), f.caseNo);
        assertThat(reason.status()).as(reason.toString()).isEqualTo(400);
        assertThat(reason.errors()).containsExactly("reason");
    }

    @Test
    void twoWithdrawalsOfOneCaseAtOnceAreOneWithdrawalAndA409() throws Exception {
        Case c = new DoorCases(port, management, jdbc).open("黄花乡", "huanghua");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return api.as("officer").post("/api/cases/{c}/withdraw", Map.of("reason", "重复撤销测试"), c.caseNo()).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> a : answers) {
                statuses.add(a.get());
            }
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.as("officer").get("/api/cases/{c}", c.caseNo()).json().path("stage").asText()).isEqualTo("WITHDRAWN");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_event WHERE case_no = ? AND event_type = 'WITHDRAWN'", Long.class, c.caseNo()))
                .isEqualTo(1);
    }

    @Test
    void aLockWaitTimeoutIsA503WithRetryAfterAndChangesNothing() throws Exception {
        Case c = new DoorCases(port, management, jdbc).open("黄花乡", "huanghua");
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("UPDATE household SET stage = stage WHERE id = ?")) {
                lock.setLong(1, c.household());
                assertThat(lock.executeUpdate()).isEqualTo(1);
            }
            Api.Response busy = api.as("officer").post("/api/cases/{c}/withdraw", Map.of("reason", "锁等待测试"), c.caseNo());
            assertThat(busy.status()).as(busy.toString()).isEqualTo(503);
            assertThat(busy.headers().getFirst("Retry-After")).isNotBlank();
            holder.rollback();
        }
        assertThat(api.as("officer").get("/api/cases/{c}", c.caseNo()).json().path("stage").asText()).isEqualTo("IDENTIFIED");
    }
}
