package cn.jingyuan.relocation.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.worklist.NoticeType;

/**
 * Outbound messages through the outbox to a WeCom robot (a stub on 127.0.0.1) configured for the county offices:
 * queued with their cause, sent only after it committed, retried after a failure with a pause, given up after
 * {@code max-attempts}; a chat without a robot gets the log. Runs on its own small application (no demo data),
 * since the robot's address is part of the configuration.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:relocation-outbound;MODE=MySQL;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "camunda.bpm.job-execution.enabled=false",
        "relocation.demo.enabled=false",
        "relocation.notification.outbox.max-attempts=3",
})
class OutboundDeliveryIntegrationTests {

    static final StubRobot ROBOT = new StubRobot();

    @DynamicPropertySource
    static void robot(DynamicPropertyRegistry registry) {
        registry.add("relocation.notification.wecom.webhooks.county", () -> ROBOT.url("county-key"));
    }

    @AfterAll
    static void stop() {
        ROBOT.close();
    }

    @Autowired
    Inbox inbox;
    @Autowired
    Outbox outbox;
    @Autowired
    OutboxMapper outboxMapper;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void clean() {
        outbox.deliverDue(); // what an earlier test left due
        ROBOT.ok();
        ROBOT.requests.clear();
    }

    @Test
    void aMessageIsSentAfterItsCauseCommittedNeverInsideIt() throws Exception {
        long id = queueUrge("请尽快办理:县级审定");
        assertThat(ROBOT.requests).as("nothing sent inside the transaction").isEmpty();
        assertThat(row(id).get("CHANNEL")).isEqualTo("wecom");

        assertThat(outbox.deliverDue()).isEqualTo(1);

        assertThat(ROBOT.requests).hasSize(1);
        JsonNode body = json.readTree(ROBOT.requests.get(0).body());
        assertThat(body.path("msgtype").asText()).isEqualTo("text");
        assertThat(body.path("text").path("content").asText()).startsWith("【催办】请尽快办理:县级审定");
        assertThat(row(id).get("STATUS")).isEqualTo("DELIVERED");
        assertThat(outbox.deliverDue()).as("sent once").isZero();
    }

    @Test
    void aFailedSendWaitsAndIsTriedAgainUntilItGetsThrough() {
        long id = queueUrge("请尽快办理:乡镇审核");
        ROBOT.answer(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}");

        assertThat(outbox.deliverDue()).isZero();
        Map<String, Object> failed = row(id);
        assertThat(failed.get("STATUS")).isEqualTo("PENDING");
        assertThat(failed.get("ATTEMPTS")).isEqualTo(1);
        assertThat((String) failed.get("LAST_ERROR")).contains("45009");
        assertThat(((java.sql.Timestamp) failed.get("NEXT_ATTEMPT_AT")).toLocalDateTime()).isAfter(LocalDateTime.now().plusSeconds(30));

        ROBOT.ok();
        assertThat(outbox.deliverDue()).as("not before its pause is over").isZero();
        assertThat(ROBOT.requests).hasSize(1);

        pauseOver(id);
        assertThat(outbox.deliverDue()).isEqualTo(1);
        assertThat(ROBOT.requests).hasSize(2);
        assertThat(row(id).get("STATUS")).isEqualTo("DELIVERED");
        assertThat(row(id).get("ATTEMPTS")).isEqualTo(2);
    }

    @Test
    void aMessageThatNeverGetsThroughIsGivenUpAfterMaxAttempts() {
        long id = queueUrge("请尽快办理:县级复验");
        ROBOT.answer(500, "oops");
        for (int i = 0; i < 3; i++) {
            pauseOver(id);
            outbox.deliverDue();
        }
        assertThat(row(id).get("STATUS")).isEqualTo("FAILED");
        pauseOver(id);
        ROBOT.ok();
        outbox.deliverDue();
        assertThat(ROBOT.requests).as("three tries, no fourth").hasSize(3);
    }

    @Test
    void aMessageClaimedByOneNodeIsNotTakenByAnother() {
        long id = queueUrge("请尽快办理:签订搬迁协议");
        LocalDateTime now = LocalDateTime.now();
        assertThat(outboxMapper.claim(id, now, now.plusMinutes(2))).as("node A").isEqualTo(1);
        assertThat(outboxMapper.claim(id, now, now.plusMinutes(2))).as("node B").isZero();
        assertThat(outbox.deliverDue()).as("held by node A").isZero();
        jdbc.update("UPDATE notification_outbox SET claimed_until = ? WHERE id = ?", now.minusSeconds(1), id);
        assertThat(outbox.deliverDue()).as("node A went away: its claim ran out").isEqualTo(1);
    }

    @Test
    void aChatWithoutARobotGetsTheLog() {
        new TransactionTemplate(transactions).executeWithoutResult(s -> outbox.enqueue(
                new cn.jingyuan.relocation.notification.OutboundMessage("xiangshui", cn.jingyuan.relocation.notification.OutboundMessage.Format.TEXT, "【催办】")));
        long id = jdbc.queryForObject("SELECT MAX(id) FROM notification_outbox", Long.class);
        assertThat(row(id).get("CHANNEL")).isEqualTo("log");
        assertThat(outbox.deliverDue()).isEqualTo(1);
        assertThat(ROBOT.requests).isEmpty();
    }

    private long queueUrge(String title) {
        new TransactionTemplate(transactions).executeWithoutResult(s ->
                inbox.deliver(NoticeType.URGED, Set.of("county.clerk"), title, null, null, "officer"));
        return jdbc.queryForObject("SELECT MAX(id) FROM notification_outbox", Long.class);
    }

    private void pauseOver(long id) {
        jdbc.update("UPDATE notification_outbox SET next_attempt_at = ? WHERE id = ?", LocalDateTime.now().minusSeconds(1), id);
    }

    private Map<String, Object> row(long id) {
        return jdbc.queryForMap("SELECT channel, status, attempts, last_error, next_attempt_at FROM notification_outbox WHERE id = ?", id);
    }
}
