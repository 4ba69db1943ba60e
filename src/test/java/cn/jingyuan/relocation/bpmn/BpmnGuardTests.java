package cn.jingyuan.relocation.bpmn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/**
 * Every file of {@code bpmn/} against the house rules ({@link BpmnGuard}), with the application's beans; then the
 * guard itself on small broken models, so a rule that stopped catching anything would fail here too; and the ids
 * and names the constants classes ({@code *Process}) promise, looked up in the models.
 */
@EmbeddedApplicationTest
class BpmnGuardTests {

    static final Path DIR = Path.of("bpmn");

    @Autowired
    ApplicationContext context;

    BpmnGuard guard;

    @BeforeEach
    void setUp() {
        guard = new BpmnGuard(context, processVariables());
    }

    static Stream<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(DIR)) {
            return list.filter(Files::isRegularFile).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void followsTheHouseRules(Path file) {
        assertThat(guard.check(file)).isEmpty();
    }

    @Test
    void theFolderHoldsProcessesDecisionTablesAndForms() throws IOException {
        List<String> names = files().map(p -> p.getFileName().toString()).toList();

        assertThat(names).contains("relocation-case.bpmn", "eligibility-priority.dmn", "subsidy-amount.dmn", "form-verify-household.form");
        assertThat(names).allMatch(n -> n.matches("[a-z0-9]+(-[a-z0-9]+)*\\.(bpmn|dmn|form)"), "kebab-case .bpmn, .dmn or .form");
    }

    @Test
    void everyFormIsUsedByAUserTask() throws IOException {
        Set<String> referenced = new TreeSet<>();
        for (Path bpmn : files().filter(p -> p.toString().endsWith(".bpmn")).toList()) {
            BpmnGuard.elements(BpmnGuard.parse(bpmn), BpmnGuard.BPMN, "userTask")
                    .forEach(t -> referenced.add(t.getAttributeNS(BpmnGuard.CAMUNDA, "formRef")));
        }
        Set<String> forms = new TreeSet<>(files().map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".form"))
                .map(n -> n.substring(0, n.length() - ".form".length())).toList());

        assertThat(forms).isEqualTo(referenced);
    }

    // ---- the ids and names the code relies on ----

    @Test
    void everyIdAConstantsClassNamesIsInItsModel() throws Exception {
        List<Class<?>> constants = constantsClasses();
        assertThat(constants).extracting(Class::getSimpleName)
                .contains("RelocationCaseProcess", "BatchApprovalProcess", "AnnualPlanProcess");
        Set<String> decisions = BpmnGuard.decisionIds(DIR);
        List<String> missing = new ArrayList<>();
        for (Class<?> type : constants) {
            String processId = (String) type.getField("PROCESS_ID").get(null);
            Document model = modelOf(processId);
            if (model == null) {
                missing.add(type.getSimpleName() + ".PROCESS_ID " + processId + ": no .bpmn defines it");
                continue;
            }
            Set<String> ids = new HashSet<>();
            Set<String> messages = new HashSet<>();
            BpmnGuard.all(model).forEach(e -> ids.add(e.getAttribute("id")));
            BpmnGuard.elements(model, BpmnGuard.BPMN, "message").forEach(e -> messages.add(e.getAttribute("name")));
            for (Field f : type.getFields()) {
                if (!Modifier.isStatic(f.getModifiers()) || f.getType() != String.class) {
                    continue;
                }
                String name = f.getName();
                String value = (String) f.get(null);
                boolean ok;
                if (name.startsWith("MESSAGE_")) {
                    ok = messages.contains(value);
                } else if (name.startsWith("DECISION_")) {
                    ok = decisions.contains(value);
                } else if (name.equals("RESOURCE")) {
                    ok = Files.isRegularFile(Path.of(value));
                } else if (name.matches("(TASK|EVENT|GATEWAY|START_EVENT|END_EVENT|RECEIVE_TASK|BOUNDARY)(_.*)?")) {
                    ok = ids.contains(value);
                } else {
                    continue; // variables and decision values
                }
                if (!ok) {
                    missing.add(type.getSimpleName() + "." + name + " = " + value);
                }
            }
        }
        assertThat(missing).as("constants naming nothing in bpmn/").isEmpty();
    }

    // ---- the guard catches what it is for ----

    @Test
    void aDelegateExpressionWithoutItsBeanIsCaught(@TempDir Path dir) throws IOException {
        Path file = process(dir, """
                <bpmn:serviceTask id="Task_Notify" camunda:delegateExpression="${notifyHouseholdDelegate}" />""");

        assertThat(guard.check(file)).singleElement().asString().contains("Task_Notify").contains("no Spring bean is called notifyHouseholdDelegate");
    }

    @Test
    void aBeanOfTheWrongKindOrAmbiguousOrShadowedIsCaught(@TempDir Path dir) throws IOException {
        String ambiguous = beanWithASibling();
        Path file = process(dir, """
                <bpmn:serviceTask id="Task_Listener" camunda:delegateExpression="${caseTaskListener}" />
                <bpmn:serviceTask id="Task_Ambiguous" camunda:delegateExpression="${%s}" />""".formatted(ambiguous));

        assertThat(guard.check(file)).satisfiesExactlyInAnyOrder(
                p -> assertThat(p).contains("Task_Listener").contains("is a CaseTaskListener, not a JavaDelegate"),
                p -> assertThat(p).contains("Task_Ambiguous").contains("which one is meant"));
        Path shadowed = process(dir, """
                <bpmn:userTask id="Task_Shadowed" camunda:formRef="form-x">
                  <bpmn:extensionElements>
                    <camunda:executionListener expression="${caseStage.enter(execution, 'APPLICATION')}" event="start" />
                  </bpmn:extensionElements>
                </bpmn:userTask>""", "form-x");
        assertThat(new BpmnGuard(context, Set.of("caseStage")).check(shadowed)).singleElement().asString()
                .contains("caseStage is also a process variable");
    }

    @Test
    void aMemberTheBeanDoesNotHaveIsCaught(@TempDir Path dir) throws IOException {
        Path file = process(dir, """
                <bpmn:userTask id="Task_Review" camunda:formRef="form-x" camunda:assignee="${caseAssignment.cadre(execution, 'x')}">
                  <bpmn:extensionElements>
                    <camunda:executionListener expression="${caseStage.leave(execution)}" event="end" />
                    <camunda:taskListener class="cn.jingyuan.relocation.relocationcase.process.CaseTaskListener" event="create" />
                  </bpmn:extensionElements>
                  <bpmn:multiInstanceLoopCharacteristics camunda:collection="${subsidyPlan.tranches}" camunda:elementVariable="n" />
                </bpmn:userTask>
                <bpmn:intermediateCatchEvent id="Event_Wait">
                  <bpmn:timerEventDefinition id="TimerEventDefinition_Wait">
                    <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${casePolicy.gracePeriod}</bpmn:timeDuration>
                  </bpmn:timerEventDefinition>
                </bpmn:intermediateCatchEvent>
                <bpmn:intermediateCatchEvent id="Event_Week">
                  <bpmn:timerEventDefinition id="TimerEventDefinition_Week">
                    <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">7 days</bpmn:timeDuration>
                  </bpmn:timerEventDefinition>
                </bpmn:intermediateCatchEvent>""", "form-x");

        assertThat(guard.check(file)).satisfiesExactlyInAnyOrder(
                p -> assertThat(p).contains("caseAssignment").contains("no public method cadre taking 2 argument(s)"),
                p -> assertThat(p).contains("caseStage").contains("no public method leave taking 1 argument(s)"),
                p -> assertThat(p).contains("uses camunda:class"),
                p -> assertThat(p).contains("subsidyPlan").contains("no property tranches"),
                p -> assertThat(p).contains("casePolicy").contains("no property gracePeriod"),
                p -> assertThat(p).contains("TimerEventDefinition_Week").contains("not an ISO-8601 duration"));
    }

    @Test
    void aProcessOrDecisionWithoutHistoryTimeToLiveIsCaught(@TempDir Path dir) throws IOException {
        Path bpmn = Files.writeString(dir.resolve("no-ttl.bpmn"), definitions("""
                <bpmn:process id="NoTtlProcess" isExecutable="true">
                  <bpmn:startEvent id="StartEvent_Begun" />
                </bpmn:process>"""));
        Path dmn = Files.writeString(dir.resolve("no-ttl.dmn"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_NoTtl" name="x" namespace="http://x">
                  <decision id="NoTtlDecision" name="x">
                    <decisionTable id="DecisionTable_NoTtl">
                      <output id="Output_Result" name="result" typeRef="string" />
                    </decisionTable>
                  </decision>
                </definitions>""");

        assertThat(guard.check(bpmn)).singleElement().asString().contains("process NoTtlProcess has no camunda:historyTimeToLive");
        assertThat(guard.check(dmn)).singleElement().asString().contains("decision NoTtlDecision has no camunda:historyTimeToLive");
    }

    @Test
    void modelerGeneratedIdsAreCaught(@TempDir Path dir) throws IOException {
        Path file = process(dir, """
                <bpmn:userTask id="Activity_0x1y2z3" camunda:formRef="form-x" />
                <bpmn:userTask id="Task_1" camunda:formRef="form-x" />
                <bpmn:sequenceFlow id="Flow_1abcdef" sourceRef="Activity_0x1y2z3" targetRef="Task_1" />
                <bpmn:endEvent id="_0abc123" />""", "form-x");

        assertThat(guard.check(file)).hasSize(4).allMatch(p -> p.contains("made up by the Modeler"))
                .anyMatch(p -> p.contains("Activity_0x1y2z3")).anyMatch(p -> p.contains("Task_1"))
                .anyMatch(p -> p.contains("Flow_1abcdef")).anyMatch(p -> p.contains("_0abc123"));
        assertThat(List.of("Task_VerifyHousehold", "Flow_ToVerify", "Field_comment", "Row_decision", "Rule_RiskZoneHigh",
                "BPMNShape_Task_VerifyHousehold_di", "form-verify-household")).noneMatch(BpmnGuard::modelerMadeUp);
        assertThat(List.of("Gateway_1ki3f5s", "Event_0wz1p9r_di", "StartEvent_1", "Definitions_1", "Field_0k8ryu1", "sid-6A3F"))
                .allMatch(BpmnGuard::modelerMadeUp);
    }

    @Test
    void aUserTaskWithoutItsFormIsCaught(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("form-renamed.form"), """
                {"id": "form-old-name", "type": "default", "components": [{"type": "textfield", "key": "note", "id": "Field_note"}]}""");
        Path file = process(dir, """
                <bpmn:userTask id="Task_NoForm" />
                <bpmn:userTask id="Task_LegacyForm" camunda:formKey="embedded:app:forms/x.html" />
                <bpmn:userTask id="Task_MissingForm" camunda:formRef="form-missing" />
                <bpmn:userTask id="Task_RenamedForm" camunda:formRef="form-renamed" />""");

        assertThat(guard.check(file)).satisfiesExactlyInAnyOrder(
                p -> assertThat(p).contains("Task_NoForm has no camunda:formRef"),
                p -> assertThat(p).contains("Task_LegacyForm has no camunda:formRef").contains("formKey"),
                p -> assertThat(p).contains("Task_MissingForm").contains("no form-missing.form"),
                p -> assertThat(p).contains("Task_RenamedForm").contains("has the id form-old-name"));
        assertThat(guard.check(dir.resolve("form-renamed.form"))).singleElement().asString()
                .contains("the form's id is form-old-name, not form-renamed");
    }

    @Test
    void aDecisionRefWithoutItsTableIsCaught(@TempDir Path dir) throws IOException {
        Path file = process(dir, """
                <bpmn:businessRuleTask id="Task_Decide" camunda:decisionRef="NoSuchDecision" />""");

        assertThat(guard.check(file)).singleElement().asString().contains("NoSuchDecision");
    }

    @Test
    void aBeanRenamedInTheCodeButNotInTheRealModelIsCaught(@TempDir Path dir) throws IOException {
        for (Path p : files().toList()) {
            Files.copy(p, dir.resolve(p.getFileName()));
        }
        Path model = dir.resolve("relocation-case.bpmn");
        String bpmn = Files.readString(model);
        long listeners = bpmn.split("\\$\\{caseTaskListener}", -1).length - 1;
        Files.writeString(model, bpmn.replace("${caseTaskListener}", "${caseTaskHandler}").replace("${casePolicy.noticePeriod}",
                "${casePolicy.publicNoticePeriod}").replace("${caseStage.enter(execution, 'ARCHIVED')}", "${caseStage.enter('ARCHIVED')}"));

        List<String> problems = guard.check(model);

        assertThat(listeners).isGreaterThan(30);
        assertThat(problems).filteredOn(p -> p.contains("no Spring bean is called caseTaskHandler")).hasSize((int) listeners);
        assertThat(problems).filteredOn(p -> !p.contains("caseTaskHandler")).satisfiesExactlyInAnyOrder(
                p -> assertThat(p).contains("TimerEventDefinition_NoticePeriod").contains("no property publicNoticePeriod"),
                p -> assertThat(p).contains("EndEvent_CaseArchived").contains("no public method enter taking 1 argument(s)"));
    }

    // ---- helpers ----

    /** A .bpmn in {@code dir} with one process (with historyTimeToLive) holding {@code elements}, and these empty forms. */
    private static Path process(Path dir, String elements, String... forms) throws IOException {
        for (String form : forms) {
            Files.writeString(dir.resolve(form + ".form"), """
                    {"id": "%s", "type": "default", "components": [{"type": "textfield", "key": "note", "id": "Field_note"}]}"""
                    .formatted(form));
        }
        return Files.writeString(dir.resolve("probe-" + System.nanoTime() + ".bpmn"), definitions("""
                <bpmn:process id="ProbeProcess" isExecutable="true" camunda:historyTimeToLive="30">
                %s
                </bpmn:process>""".formatted(elements)));
    }

    private static String definitions(String content) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_Probe" targetNamespace="http://jingyuan.cn/probe">
                %s
                </bpmn:definitions>""".formatted(content);
    }

    /** The name of a bean whose type has a second bean in the context. */
    private String beanWithASibling() {
        for (String name : context.getBeanDefinitionNames()) {
            Class<?> type = context.getType(name);
            if (type != null && name.matches("[a-z][A-Za-z]*") && context.getBeanNamesForType(org.springframework.util.ClassUtils.getUserClass(type)).length > 1) {
                return name;
            }
        }
        throw new IllegalStateException("no bean type with two beans in the context");
    }

    /** The {@code *Process} constants classes beside the delegates ({@code <feature>/process/}). */
    static List<Class<?>> constantsClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:cn/jingyuan/relocation/*/process/*Process.class")) {
            String path = r.getURL().getPath();
            String className = path.substring(path.indexOf("cn/jingyuan/relocation/")).replace(".class", "").replace('/', '.');
            out.add(Class.forName(className));
        }
        return out;
    }

    private static Document modelOf(String processId) throws IOException {
        for (Path bpmn : files().filter(p -> p.toString().endsWith(".bpmn")).toList()) {
            Document doc = BpmnGuard.parse(bpmn);
            if (BpmnGuard.elements(doc, BpmnGuard.BPMN, "process").stream().anyMatch(p -> p.getAttribute("id").equals(processId))) {
                return doc;
            }
        }
        return null;
    }

    /**
     * Every name a process may hold as a variable: the constants classes' {@code VAR_*}, every form field and the
     * models' element and result variables. A bean of one of these names would never be reached from an expression.
     */
    static Set<String> processVariables() {
        Set<String> out = new TreeSet<>();
        try {
            for (Class<?> type : constantsClasses()) {
                for (Field f : type.getFields()) {
                    if (f.getName().startsWith("VAR_") && f.getType() == String.class) {
                        out.add((String) f.get(null));
                    }
                }
            }
            ObjectMapper json = new ObjectMapper();
            for (Path p : files().toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".form")) {
                    json.readTree(p.toFile()).findValues("key").forEach(k -> out.add(k.asText()));
                } else if (name.endsWith(".bpmn")) {
                    for (Element e : BpmnGuard.all(BpmnGuard.parse(p))) {
                        for (String attribute : List.of("elementVariable", "resultVariable")) {
                            String v = e.getAttributeNS(BpmnGuard.CAMUNDA, attribute);
                            if (!v.isBlank()) {
                                out.add(v);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
