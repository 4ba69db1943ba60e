package cn.jingyuan.relocation.relocationcase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.FeelException;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import cn.jingyuan.relocation.approval.ProcessTest;
import cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess;

/**
 * The DMN engine's FEEL keeps each expression's parse ({@code ParsedFeelExpressions}) and its built-in functions (the
 * FEEL release of the pom): the application's engine uses them, and every table of {@code bpmn/} gives with them
 * exactly what the Scala FEEL engine gives without, for every input the tables distinguish and some they do not; an
 * expression that does not parse fails as before; a test reading another variable is evaluated afresh each time (the
 * parse is kept, never a result).
 */
@ProcessTest
class ParsedFeelExpressionsTests {

    @Autowired
    ProcessEngine engine;

    @Test
    void theApplicationsDmnEngineKeepsParsedExpressions() {
        FeelEngine feel = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDmnEngineConfiguration().getFeelEngine();
        assertThat(feel.getClass().getSimpleName()).isEqualTo("CachingFeelEngine");

        Map<String, Object> in = new HashMap<>();
        in.put("resettlementMode", "SUBSIDY");
        in.put("householdSize", 4);
        Object first = engine.getDecisionService().evaluateDecisionTableByKey(RelocationCaseProcess.DECISION_SUBSIDY_AMOUNT).variables(in)
                .evaluate().getSingleResult().getSingleEntry();
        in.put("householdSize", 1);
        Object second = engine.getDecisionService().evaluateDecisionTableByKey(RelocationCaseProcess.DECISION_SUBSIDY_AMOUNT).variables(in)
                .evaluate().getSingleResult().getSingleEntry();
        assertThat(first).isEqualTo(reference("subsidy-amount.dmn", Map.of("resettlementMode", "SUBSIDY", "householdSize", 4)).get(0).get("amount"));
        assertThat(second).isEqualTo(reference("subsidy-amount.dmn", Map.of("resettlementMode", "SUBSIDY", "householdSize", 1)).get(0).get("amount"));
        assertThat(first).isNotEqualTo(second);
    }

    /**
     * FEEL 1.19.3 (Camunda 7.24.0's) built its table of built-in functions again at every evaluation, most of a
     * case's assessment; the pom takes the patch release that keeps it (camunda/feel-scala#1108) as a field.
     */
    @Test
    void theFeelEngineKeepsItsBuiltInFunctions() throws NoSuchFieldException {
        assertThat(org.camunda.feel.FeelEngine.class.getDeclaredField("rootContext").getType().getSimpleName()).isEqualTo("EvalContext");
    }

    @Test
    void everyTableGivesWhatTheScalaEngineGives() throws IOException {
        List<Map<String, Object>> eligibility = grid(
                "category", Arrays.asList("HAZARD_POINT", "RISK_ZONE", "WHOLE_VILLAGE", "OTHER", "", null),
                "riskLevel", Arrays.asList("EXTREMELY_HIGH", "HIGH", "MEDIUM", "LOW", "NONE", null));
        List<Map<String, Object>> subsidy = grid(
                "resettlementMode", Arrays.asList("SUBSIDY", "UNIFIED_BUILD", "SELF_BUILD", "RELATIVES", "UNKNOWN", null),
                "householdSize", Arrays.asList(-1, 0, 1, 2, 3, 4, 5, 6, 9, null));
        List<Map<String, Object>> route = grid(
                "households", Arrays.asList(0, 1, 50, 51, 1000, null),
                "totalSubsidy", Arrays.asList(0.0, 4_999_999.99, 5_000_000.0, 5_000_000.01, null));
        int compared = 0;
        for (var table : Map.of("eligibility-priority.dmn", eligibility, "subsidy-amount.dmn", subsidy, "batch-route.dmn", route).entrySet()) {
            for (Map<String, Object> inputs : table.getValue()) {
                Outcome cached = outcome(cachingEngine(), table.getKey(), inputs);
                Outcome plain = outcome(plainEngine(), table.getKey(), inputs);
                assertThat(cached).as("%s with %s", table.getKey(), inputs).isEqualTo(plain);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(36 + 60 + 30);
        // the grids reach more than one rule of each table, and some inputs no rule at all
        assertThat(subsidy.stream().map(i -> outcome(plainEngine(), "subsidy-amount.dmn", i)).distinct().count()).isGreaterThan(5);
        assertThat(eligibility.stream().map(i -> outcome(plainEngine(), "eligibility-priority.dmn", i)).distinct().count()).isGreaterThan(3);
        assertThat(route.stream().map(i -> outcome(plainEngine(), "batch-route.dmn", i)).distinct().count()).isGreaterThan(1);
    }

    @Test
    void anExpressionThatDoesNotParseFailsAsBefore() {
        ScalaFeelEngine plain = new ScalaFeelEngine(List.of());
        FeelEngine cached = cachingFeel();
        var context = Variables.createVariables().putValue("x", 3).asVariableContext();
        Throwable expected = catchThrowable(() -> plain.evaluateSimpleUnaryTests("[1..", "x", context));
        assertThat(expected).isInstanceOf(FeelException.class);
        assertThatThrownBy(() -> cached.evaluateSimpleUnaryTests("[1..", "x", context)).isInstanceOf(FeelException.class)
                .hasMessage(expected.getMessage());
        Throwable expectedExpression = catchThrowable(() -> plain.evaluateSimpleExpression("x +", context));
        assertThat(expectedExpression).isInstanceOf(FeelException.class);
        assertThatThrownBy(() -> cached.evaluateSimpleExpression("x +", context)).isInstanceOf(FeelException.class)
                .hasMessage(expectedExpression.getMessage());
        // evaluation errors too: an expression adding text to a number
        Throwable expectedType = catchThrowable(() -> plain.evaluateSimpleExpression("x + \"a\"", context));
        Throwable cachedType = catchThrowable(() -> cached.evaluateSimpleExpression("x + \"a\"", context));
        assertThat(cachedType == null ? null : cachedType.getMessage()).isEqualTo(expectedType == null ? null : expectedType.getMessage());
    }

    @Test
    void aTestReadingAnotherVariableIsEvaluatedAfreshEachTime() {
        FeelEngine cached = cachingFeel();
        assertThat(cached.evaluateSimpleUnaryTests("> limit", "x", Variables.createVariables().putValue("x", 6).putValue("limit", 5).asVariableContext())).isTrue();
        assertThat(cached.evaluateSimpleUnaryTests("> limit", "x", Variables.createVariables().putValue("x", 6).putValue("limit", 7).asVariableContext())).isFalse();
        assertThat((Object) cached.evaluateSimpleExpression("x * 2", Variables.createVariables().putValue("x", 6).asVariableContext())).isEqualTo(12L);
        assertThat((Object) cached.evaluateSimpleExpression("x * 2", Variables.createVariables().putValue("x", 7).asVariableContext())).isEqualTo(14L);
    }

    /** What a table gives for these inputs: its result rows, or the kind and message of its failure. */
    record Outcome(List<Map<String, Object>> rows, String failure) {
    }

    private final Map<DmnEngine, Map<String, DmnDecision>> decisions = new HashMap<>();
    private DmnEngine plain;
    private DmnEngine caching;

    private Outcome outcome(DmnEngine dmn, String file, Map<String, Object> inputs) {
        try {
            return new Outcome(evaluate(dmn, file, inputs), null);
        } catch (RuntimeException e) {
            return new Outcome(null, e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private List<Map<String, Object>> reference(String file, Map<String, Object> inputs) {
        return evaluate(plainEngine(), file, inputs);
    }

    private List<Map<String, Object>> evaluate(DmnEngine dmn, String file, Map<String, Object> inputs) {
        DmnDecision decision = decisions.computeIfAbsent(dmn, k -> new HashMap<>()).computeIfAbsent(file, f -> {
            try (InputStream in = Files.newInputStream(Path.of("bpmn", f))) {
                return dmn.parseDecisions(in).get(0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        dmn.evaluateDecisionTable(decision, Variables.fromMap(inputs)).forEach(r -> rows.add(new HashMap<>(r.getEntryMap())));
        return rows;
    }

    /** The DMN engine as Camunda makes it: Scala FEEL, every expression parsed at each evaluation. */
    private DmnEngine plainEngine() {
        if (plain == null) {
            plain = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        }
        return plain;
    }

    /** A DMN engine with the FEEL of the application's process engine (the plugin's factory). */
    private DmnEngine cachingEngine() {
        if (caching == null) {
            DefaultDmnEngineConfiguration c = (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
            c.setFeelEngineFactory(applicationFeelFactory());
            caching = c.buildEngine();
        }
        return caching;
    }

    private FeelEngine cachingFeel() {
        return applicationFeelFactory().createInstance();
    }

    private org.camunda.bpm.dmn.feel.impl.FeelEngineFactory applicationFeelFactory() {
        return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDmnEngineConfiguration().getFeelEngineFactory();
    }

    private static List<Map<String, Object>> grid(String a, List<Object> as, String b, List<Object> bs) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Object x : as) {
            for (Object y : bs) {
                Map<String, Object> m = new HashMap<>();
                m.put(a, x);
                m.put(b, y);
                all.add(m);
            }
        }
        return all;
    }
}
