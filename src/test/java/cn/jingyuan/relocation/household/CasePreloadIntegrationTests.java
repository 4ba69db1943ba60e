package cn.jingyuan.relocation.household;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.jingyuan.relocation.household.internal.HouseholdMapper;
import cn.jingyuan.relocation.household.internal.HouseholdRow;
import cn.jingyuan.relocation.household.internal.ReferenceMapper;
import cn.jingyuan.relocation.household.internal.VillageRow;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/**
 * {@link HouseholdService#preloadCases}: the households of a decided batch's job and their villages' cadres read
 * together and kept for the rest of the engine command, where the cases' listeners ask for them one by one. Three
 * households of {@value #YEAR} (a year no other test uses) in two villages of their own, one with a cadre and one
 * without; their process instance ids are the test's own.
 */
@EmbeddedApplicationTest
class CasePreloadIntegrationTests {

    static final int YEAR = 2094;
    static final String XIANGSHUI = "640424100";

    @Autowired
    HouseholdService households;
    @Autowired
    HouseholdMapper householdRows;
    @Autowired
    ReferenceMapper references;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    ProcessEngine engine;

    CommandExecutor commands;
    static List<HouseholdRef> cases;
    static long withCadre;
    static long withoutCadre;

    @BeforeEach
    void register() {
        commands = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired();
        if (cases != null) {
            return;
        }
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            withCadre = village("预载甲村", "xiangshui.tf1");
            withoutCadre = village("预载乙村", null);
            List<String> caseNos = new ArrayList<>();
            List<HouseholdRow> rows = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                HouseholdRow r = new HouseholdRow();
                r.caseNo = String.format("640424-%d-%04d", YEAR, i);
                r.originYear = YEAR;
                r.planYear = YEAR;
                r.townshipCode = XIANGSHUI;
                r.villageId = i < 3 ? withCadre : withoutCadre;
                r.category = "HAZARD_POINT";
                r.riskLevel = "HIGH";
                r.headName = "预" + i;
                r.headIdHash = String.format("%064d", 94_000_000L + i);
                r.people = i;
                r.stage = "AWAITING_BATCH_APPROVAL";
                r.createdBy = "officer";
                r.createdAt = LocalDateTime.now();
                r.updatedBy = "officer";
                r.updatedAt = r.createdAt;
                rows.add(r);
                caseNos.add(r.caseNo);
            }
            householdRows.insertAll(rows);
            for (String caseNo : caseNos) {
                jdbc.update("UPDATE household SET process_instance_id = ? WHERE case_no = ?", "preload-" + caseNo, caseNo);
            }
            List<Long> ids = jdbc.queryForList("SELECT id FROM household WHERE origin_year = ? ORDER BY id", Long.class, YEAR);
            events.publishEvent(new HouseholdsChanged(ids)); // the statistics count them, as after an import
        });
        cases = households.findRefs(List.of(String.format("640424-%d-0001", YEAR), String.format("640424-%d-0002", YEAR),
                String.format("640424-%d-0003", YEAR))).stream().sorted((a, b) -> a.caseNo().compareTo(b.caseNo())).toList();
        assertThat(cases).hasSize(3);
    }

    private long village(String name, String cadre) {
        VillageRow v = new VillageRow();
        v.townshipCode = XIANGSHUI;
        v.name = name;
        v.cadreUserId = cadre;
        references.insertVillage(v);
        return v.id;
    }

    private List<String> pids() {
        return cases.stream().map(HouseholdRef::processInstanceId).toList();
    }

    @Test
    void inACommandThePreloadedRowsAndCadresAreWhatTheListenersReadAfter() {
        Map<String, Object> seen = commands.execute(c -> {
            households.preloadCases(pids());
            // changed behind the command's back: what the listeners read now comes from the preload, not the database
            jdbc.update("UPDATE household SET head_name = '改过' WHERE origin_year = ?", YEAR);
            jdbc.update("UPDATE village SET cadre_user_id = 'xiangshui.tf2' WHERE id = ?", withCadre);
            jdbc.update("UPDATE village SET cadre_user_id = 'xiangshui.lead' WHERE id = ?", withoutCadre);
            List<HouseholdRef> read = cases.stream().map(h -> households.findRefByCaseNo(h.caseNo()).orElseThrow()).toList();
            List<HouseholdRef> byId = cases.stream().map(h -> households.findRef(h.id()).orElseThrow()).toList();
            return Map.of("read", read, "byId", byId, "cadre", households.cadreOf(withCadre), "none", households.cadreOf(withoutCadre));
        });
        try {
            assertThat(seen.get("read")).as("the households as preloaded, equal to those read one by one before").isEqualTo(cases);
            assertThat(seen.get("byId")).isEqualTo(cases);
            assertThat(seen.get("cadre")).isEqualTo(Optional.of("xiangshui.tf1"));
            assertThat(seen.get("none")).as("a village without a cadre is known to have none").isEqualTo(Optional.empty());

            // the next command reads the database again
            HouseholdRef after = commands.execute(c -> households.findRefByCaseNo(cases.get(0).caseNo()).orElseThrow());
            assertThat(after.headName()).isEqualTo("改过");
            Optional<String> cadreAfter = commands.execute(c -> households.cadreOf(withCadre));
            assertThat(cadreAfter).contains("xiangshui.tf2");
        } finally {
            jdbc.update("UPDATE village SET cadre_user_id = 'xiangshui.tf1' WHERE id = ?", withCadre);
            jdbc.update("UPDATE village SET cadre_user_id = NULL WHERE id = ?", withoutCadre);
            for (HouseholdRef h : cases) {
                jdbc.update("UPDATE household SET head_name = ? WHERE id = ?", h.headName(), h.id());
            }
        }
    }

    @Test
    void aStageWrittenAfterThePreloadIsWhatTheNextReadSees() {
        HouseholdRef moved = commands.execute(c -> {
            households.preloadCases(pids());
            households.enterStage(cases.get(1).id(), Stage.AGREEMENT);
            return households.findRefByCaseNo(cases.get(1).caseNo()).orElseThrow();
        });
        try {
            assertThat(moved.stage()).isEqualTo(Stage.AGREEMENT);
            assertThat(jdbc.queryForObject("SELECT stage FROM household WHERE id = ?", String.class, cases.get(1).id())).isEqualTo("AGREEMENT");
        } finally {
            commands.execute(c -> {
                households.enterStage(cases.get(1).id(), Stage.AWAITING_BATCH_APPROVAL);
                return null;
            });
        }
    }

    @Test
    void outsideACommandNothingIsKept() {
        households.preloadCases(pids());
        jdbc.update("UPDATE household SET head_name = '外面' WHERE id = ?", cases.get(2).id());
        try {
            assertThat(households.findRefByCaseNo(cases.get(2).caseNo()).orElseThrow().headName()).isEqualTo("外面");
        } finally {
            jdbc.update("UPDATE household SET head_name = ? WHERE id = ?", cases.get(2).headName(), cases.get(2).id());
        }
    }
}
