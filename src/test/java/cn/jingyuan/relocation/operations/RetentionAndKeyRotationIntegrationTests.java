package cn.jingyuan.relocation.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.jingyuan.relocation.approval.CaseFixture;
import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess;
import cn.jingyuan.relocation.security.PiiCipher;
import cn.jingyuan.relocation.security.PiiProperties;
import cn.jingyuan.relocation.security.PiiReencryption;
import cn.jingyuan.relocation.security.PiiRehash;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.Ledger;

/**
 * Retention: a case's engine history lives {@code relocation.retention.case-years} (30) after the case ends, and the
 * history cleanup leaves it alone until then. Key rotation: the re-encryption moves every personal value to the new
 * key, resumes where it stopped, and the values read the same afterwards.
 */
@EmbeddedApplicationTest
class RetentionAndKeyRotationIntegrationTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    ManagementService management;
    @Autowired
    HistoryRetention retention;
    @Autowired
    PiiReencryption reencryption;
    @Autowired
    PiiCipher cipher;
    @Autowired
    PiiRehash rehash;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment env;

    @Test
    void aCasesHistoryOutlivesTheCleanupUntilItsThirtyYearsArePast() {
        int days = retention.days();
        assertThat(days).isBetween(30 * 365, 30 * 365 + 8);
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(RelocationCaseProcess.PROCESS_ID).list())
                .allSatisfy(d -> assertThat(d.getHistoryTimeToLive()).isEqualTo(days));

        HouseholdRef h = CaseFixture.in(context).openAt(CaseFixture.add(Ledger.create(), 1, 2090, "大湾乡", "留存村", 2, ""),
                RelocationCaseProcess.TASK_VERIFY_HOUSEHOLD).get(0);
        runtime.deleteProcessInstance(h.processInstanceId(), "retention test: the case ends");
        HistoricProcessInstance ended = history.createHistoricProcessInstanceQuery().processInstanceId(h.processInstanceId()).singleResult();
        Instant removal = ended.getRemovalTime().toInstant();
        System.out.printf("[Retention] case %s ended %s, its history is removed after %s (%d days)%n", h.caseNo(), ended.getEndTime(),
                ended.getRemovalTime(), days);
        assertThat(removal).isAfter(Instant.now().plus(Duration.ofDays(days - 2)));

        try {
            // ten years on, the cleanup runs: the case stays
            ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(3653))));
            cleanUp();
            assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(h.processInstanceId()).count()).isEqualTo(1);
            // thirty years and a day on: past its time, the cleanup removes it
            ClockUtil.setCurrentTime(Date.from(removal.plus(Duration.ofDays(1))));
            cleanUp();
            assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(h.processInstanceId()).count()).isZero();
        } finally {
            ClockUtil.reset();
        }
    }

    private void cleanUp() {
        Job job = history.cleanUpHistoryAsync(true);
        // the cleanup job reschedules itself; one run per call is enough here
        management.executeJob(job.getId());
    }

    @Test
    void theReencryptionMovesEveryValueToTheNewKeyAndResumesWhereItStopped() {
        String oldKey = env.getProperty("relocation.pii.encryption-key");
        String newKey = Base64.getEncoder().encodeToString("rotated-key-for-the-test-0123456".getBytes());
        PiiCipher rotated = new PiiCipher(new PiiProperties(newKey, env.getProperty("relocation.pii.hash-key"), List.of(oldKey)), env);
        PiiCipher back = new PiiCipher(new PiiProperties(oldKey, env.getProperty("relocation.pii.hash-key"), List.of(newKey)), env);
        Map<Long, String> before = plain(cipher, "SELECT id, id_cipher FROM member ORDER BY id");
        assertThat(before.size()).isGreaterThan(1000);
        try {
            Map<String, Integer> all = reencryption.remaining(rotated);
            // stopped after two chunks, as if the command had been killed
            int first = reencryption.reencrypt(rotated, 2);
            Map<String, Integer> left = reencryption.remaining(rotated);
            int rest = reencryption.reencrypt(rotated, Integer.MAX_VALUE);
            int again = reencryption.reencrypt(rotated, Integer.MAX_VALUE);
            System.out.printf("[KeyRotation] to re-encrypt %s; a run stopped after 2 chunks did %d, left %s; the next run did %d, a third %d%n",
                    all, first, left, rest, again);
            int total = all.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(first).isBetween(1, 2 * 500).isLessThan(total);
            assertThat(left.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(total - first);
            assertThat(first + rest).isEqualTo(total);
            assertThat(again).isZero();
            assertThat(reencryption.remaining(rotated).values()).containsOnly(0);
            assertThat(jdbc.queryForList("SELECT id_cipher FROM member", String.class)).allMatch(rotated::isCurrent);
            // the same numbers, read with the new key alone
            PiiCipher onlyNew = new PiiCipher(new PiiProperties(newKey, env.getProperty("relocation.pii.hash-key")), env);
            assertThat(plain(onlyNew, "SELECT id, id_cipher FROM member ORDER BY id")).isEqualTo(before);
        } finally {
            // the shared context runs on the old key: put everything back
            reencryption.reencrypt(back, Integer.MAX_VALUE);
        }
        assertThat(reencryption.remaining(cipher).values()).containsOnly(0);
        assertThat(plain(cipher, "SELECT id, id_cipher FROM member ORDER BY id")).isEqualTo(before);
    }

    @Test
    void theHashKeyRotationMovesEveryLookupToTheNewKeyAndResumes() {
        String encryptionKey = env.getProperty("relocation.pii.encryption-key");
        String oldHashKey = env.getProperty("relocation.pii.hash-key");
        String newHashKey = Base64.getEncoder().encodeToString("rotated-hash-key-for-the-test-0123456789".getBytes());
        PiiCipher rotated = new PiiCipher(new PiiProperties(encryptionKey, newHashKey), env);
        Map<Long, String> people = plain(cipher, "SELECT id, id_cipher FROM member ORDER BY id");
        long heads = jdbc.queryForObject("SELECT COUNT(*) FROM household", Long.class);
        assertThat(people.size()).isGreaterThan(1000);
        try {
            // stopped after two chunks, as if the command had been killed; then run again, and once more
            PiiRehash.Result first = rehash.rehash(cipher, rotated, 2);
            PiiRehash.Result rest = rehash.rehash(cipher, rotated, Integer.MAX_VALUE);
            PiiRehash.Result again = rehash.rehash(cipher, rotated, Integer.MAX_VALUE);
            System.out.printf("[KeyRotation] hash key: a run stopped after 2 chunks moved %s; the next %s; a third %s%n", first, rest, again);
            assertThat(first.members()).isEqualTo(2 * 500);
            assertThat(first.members() + rest.members()).isEqualTo(people.size());
            assertThat(rest.alreadyNew()).isEqualTo(first.members());
            assertThat(again.members()).isZero();
            assertThat(again.households()).isZero();
            assertThat(again.alreadyNew()).isEqualTo(people.size());
            // every lookup hash is the new key's hash of that person's number
            jdbc.query("SELECT id, id_hash, active_id_hash FROM member", rs -> {
                String expected = rotated.hash(people.get(rs.getLong(1)));
                assertThat(rs.getString(2)).isEqualTo(expected);
                assertThat(rs.getString(3)).isIn(null, expected);
            });
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM household h WHERE EXISTS (SELECT 1 FROM member m WHERE m.household_id = h.id"
                    + " AND m.id_hash = h.head_id_hash)", Long.class)).as("every household finds its head under the new key").isEqualTo(heads);
        } finally {
            // the shared context runs on the old key: put everything back
            rehash.rehash(rotated, cipher, Integer.MAX_VALUE);
        }
        jdbc.query("SELECT id, id_hash FROM member", rs -> {
            assertThat(rs.getString(2)).isEqualTo(cipher.hash(people.get(rs.getLong(1))));
        });
        assertThat(oldHashKey).isNotEqualTo(newHashKey);
    }

    private Map<Long, String> plain(PiiCipher with, String sql) {
        Map<Long, String> out = new java.util.LinkedHashMap<>();
        jdbc.query(sql, rs -> {
            out.put(rs.getLong(1), with.decrypt(rs.getString(2)));
        });
        return out;
    }
}
