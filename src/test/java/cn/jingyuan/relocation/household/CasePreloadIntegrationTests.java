package cn.jingyuan.relocation.household;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.jingyuan.relocation.approval.CaseFixture;
import cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.Ledger;

/**
 * {@link HouseholdService#preloadCases}: the households of a decided batch's job and their villages' cadres read
 * together and kept for the rest of the engine command, where the cases' listeners ask for them one by one. Three
 * households of {@value #YEAR} (a year no other test uses), imported and waiting for the batch decision, in two
 * villages of their own, one with a cadre and one without.
 */
@EmbeddedApplicationTest
class CasePreloadIntegrationTests {

    static final int YEAR = 2094;

    @Autowired
    HouseholdService households;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
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
        // real households (their heads among their members, as every other test of the context expects), imported and
        // waiting for the leaders' batch decision
        Ledger ledger = Ledger.create();
        CaseFixture.add(ledger, 2, YEAR, "香水镇", "预载甲村", 2, "");
        CaseFixture.add(ledger, 1, YEAR, "香水镇", "预载乙村", 1, "");
        cases = CaseFixture.in(context).openAt(ledger, RelocationCaseProcess.RECEIVE_TASK_AWAIT_BATCH_DECISION);
        assertThat(cases).hasSize(3);
        withCadre = cases.stream().filter(h -> h.villageName().equals("预载甲村")).findFirst().orElseThrow().villageId();
        withoutCadre = cases.stream().filter(h -> h.villageName().equals("预载乙村")).findFirst().orElseThrow().villageId();
        jdbc.update("UPDATE village SET cadre_user_id = 'xiangshui.tf1' WHERE id = ?", withCadre);
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
