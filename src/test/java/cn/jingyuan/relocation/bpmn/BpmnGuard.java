package cn.jingyuan.relocation.bpmn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.dmn.Dmn;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.calendar.Term;

/**
 * The house rules for the files of {@code bpmn/}, checked against the running application's beans: each problem
 * comes back as one line naming the file, the element and what is wrong.
 * <ul>
 * <li>a delegate expression names exactly one Spring bean of the right kind; {@code ${bean}} and
 * {@code ${bean.member(...)}} in listeners, assignees, collections and timers name one bean that has that member,
 * and no process variable of the same name shadows it (the engine resolves variables before beans);
 * no {@code camunda:class};</li>
 * <li>every process and every DMN decision has {@code camunda:historyTimeToLive};</li>
 * <li>no id the Modeler made up ({@code Activity_0x1y2z3}, {@code Flow_1abcdef}, {@code _0abc123}, {@code Task_1});</li>
 * <li>every user task has a {@code camunda:formRef} whose {@code <ref>.form} is beside it with that {@code id};</li>
 * <li>every {@code camunda:decisionRef} names a decision of a {@code .dmn} beside it; a timer duration is ISO-8601 or
 * working days ({@code 7WD}, which the engine's working-day calendar reads).</li>
 * </ul>
 */
final class BpmnGuard {

    static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
    static final String CAMUNDA_DMN = "http://camunda.org/schema/1.0/dmn";

    /** Modeler ids: a type and 7 random base-36 characters, the first 0 or 1 ({@code Flow_1abcdef}, {@code _0abc123}). */
    private static final Pattern RANDOM_ID = Pattern.compile("(?:^|_)[01][0-9a-z]{6}(?:_di)?$");
    /** Modeler ids of the first element of a kind ({@code Task_1}, {@code StartEvent_1}, {@code Definitions_1}). */
    private static final Pattern NUMBERED_ID = Pattern.compile("^[A-Za-z]+_\\d+(?:_di)?$");
    private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{(.*?)}", Pattern.DOTALL);
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([A-Za-z_$][\\w$]*)");
    /** Names the engine provides in an expression, and EL's keywords. */
    private static final Set<String> BUILT_IN = Set.of("execution", "task", "variableScope", "caseExecution", "externalTask",
            "authenticatedUserId", "dateTime", "true", "false", "null", "empty", "not", "and", "or", "eq", "ne", "lt", "gt", "le",
            "ge", "div", "mod", "instanceof");
    /** camunda: attributes that hold expressions the engine evaluates against beans and variables. */
    private static final Set<String> EXPRESSION_ATTRIBUTES = Set.of("expression", "assignee", "candidateUsers", "candidateGroups",
            "collection", "dueDate", "followUpDate", "priority", "taskPriority", "jobPriority");
    private static final Set<String> TIMER_ELEMENTS = Set.of("timeDuration", "timeDate", "timeCycle");

    private final ApplicationContext context;
    private final Set<String> processVariables;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param processVariables names the processes use as variables: a bean of the same name would be shadowed
     */
    BpmnGuard(ApplicationContext context, Set<String> processVariables) {
        this.context = context;
        this.processVariables = processVariables;
    }

    /** What is wrong with one file of the folder, as readable lines; empty when nothing is. */
    List<String> check(Path file) {
        String name = file.getFileName().toString();
        List<String> problems = new ArrayList<>();
        try {
            if (name.endsWith(".bpmn")) {
                checkBpmn(file, problems);
            } else if (name.endsWith(".dmn")) {
                checkDmn(file, problems);
            } else if (name.endsWith(".form")) {
                checkForm(file, problems);
            } else {
                problems.add(name + ": not a process (.bpmn), decision table (.dmn) or Camunda Form (.form)");
            }
        } catch (RuntimeException e) {
            problems.add(name + ": cannot be read: " + e.getMessage());
        }
        return problems;
    }

    // ---- BPMN ----

    private void checkBpmn(Path file, List<String> problems) {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            Bpmn.readModelFromStream(in); // schema-valid, or it throws
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Document doc = parse(file);
        checkIds(name, doc, problems);
        for (Element process : elements(doc, BPMN, "process")) {
            if (process.getAttributeNS(CAMUNDA, "historyTimeToLive").isBlank()) {
                problems.add(name + ": process " + process.getAttribute("id") + " has no camunda:historyTimeToLive");
            }
        }
        for (Element task : elements(doc, BPMN, "userTask")) {
            checkForm(file, name, task, problems);
        }
        Set<String> decisions = decisionIds(file.getParent());
        for (Element rule : elements(doc, BPMN, "businessRuleTask")) {
            String ref = rule.getAttributeNS(CAMUNDA, "decisionRef");
            if (!ref.isBlank() && !decisions.contains(ref)) {
                problems.add(name + ": " + rule.getAttribute("id") + " refers to decision " + ref + ", which no .dmn beside it defines");
            }
        }
        for (Element e : all(doc)) {
            checkExpressions(name, e, problems);
        }
    }

    private void checkForm(Path bpmn, String name, Element task, List<String> problems) {
        String id = task.getAttribute("id");
        String ref = task.getAttributeNS(CAMUNDA, "formRef");
        if (ref.isBlank()) {
            problems.add(name + ": user task " + id + " has no camunda:formRef"
                    + (task.hasAttributeNS(CAMUNDA, "formKey") ? " (it has a camunda:formKey: use a Camunda Form)" : ""));
            return;
        }
        Path form = bpmn.resolveSibling(ref + ".form");
        if (!Files.isRegularFile(form)) {
            problems.add(name + ": user task " + id + " refers to form " + ref + ", but there is no " + ref + ".form beside it");
            return;
        }
        String formId = readJson(form).path("id").asText();
        if (!ref.equals(formId)) {
            problems.add(name + ": user task " + id + " refers to form " + ref + ", but " + ref + ".form has the id " + formId);
        }
    }

    private void checkExpressions(String file, Element e, List<String> problems) {
        String where = file + ": " + describe(e);
        NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            // camunda:assignee on a BPMN element; a plain delegateExpression on camunda:taskListener and its kin
            boolean camunda = CAMUNDA.equals(a.getNamespaceURI()) || (a.getNamespaceURI() == null && CAMUNDA.equals(e.getNamespaceURI()));
            if (!camunda) {
                continue;
            }
            String attribute = a.getLocalName() != null ? a.getLocalName() : a.getName();
            if (attribute.equals("class")) {
                problems.add(where + " uses camunda:class " + a.getValue() + ": use a delegateExpression naming a Spring bean");
            } else if (attribute.equals("delegateExpression")) {
                checkDelegate(where, e, a.getValue(), problems);
            } else if (EXPRESSION_ATTRIBUTES.contains(attribute)) {
                checkBeanReferences(where + " camunda:" + attribute, a.getValue(), problems);
            }
        }
        boolean timer = BPMN.equals(e.getNamespaceURI()) && TIMER_ELEMENTS.contains(e.getLocalName());
        boolean parameter = CAMUNDA.equals(e.getNamespaceURI()) && Set.of("inputParameter", "outputParameter", "expression").contains(e.getLocalName());
        if (timer || parameter) {
            String text = e.getTextContent().strip();
            checkBeanReferences(where + " " + e.getLocalName(), text, problems);
            if (timer && e.getLocalName().equals("timeDuration")) {
                checkDuration(where, text, problems);
            }
        }
    }

    /** {@code ${bean}}: exactly one bean of the kind the element calls. */
    private void checkDelegate(String where, Element e, String expression, List<String> problems) {
        Matcher m = Pattern.compile("^[$#]\\{\\s*([A-Za-z_$][\\w$]*)\\s*}$").matcher(expression.strip());
        if (!m.matches()) {
            problems.add(where + ": delegateExpression " + expression + " is not ${beanName}");
            return;
        }
        String bean = m.group(1);
        Class<?> type = bean(where + ": delegateExpression", bean, problems);
        if (type == null) {
            return;
        }
        Class<?> expected = switch (e.getLocalName()) {
            case "taskListener" -> TaskListener.class;
            case "executionListener" -> ExecutionListener.class;
            default -> JavaDelegate.class;
        };
        if (!expected.isAssignableFrom(type)) {
            problems.add(where + ": delegateExpression ${" + bean + "} is a " + type.getSimpleName() + ", not a " + expected.getSimpleName());
        }
    }

    /** Each {@code name.member} in the expressions of {@code text}: one bean named {@code name} that has {@code member}. */
    private void checkBeanReferences(String where, String text, List<String> problems) {
        Matcher expressions = EXPRESSION.matcher(text);
        while (expressions.find()) {
            String body = STRING_LITERAL.matcher(expressions.group(1)).replaceAll("''");
            Matcher ids = IDENTIFIER.matcher(body);
            while (ids.find()) {
                String root = ids.group(1);
                int after = skipBlanks(body, ids.end());
                if (BUILT_IN.contains(root) || after >= body.length() || body.charAt(after) != '.') {
                    continue; // a variable, a function or a keyword
                }
                Matcher member = Pattern.compile("\\.\\s*([A-Za-z_$][\\w$]*)\\s*(\\()?").matcher(body).region(after, body.length());
                if (!member.lookingAt()) {
                    continue;
                }
                Class<?> type = bean(where + " " + expressions.group(), root, problems);
                if (type == null) {
                    continue;
                }
                String name = member.group(1);
                if (member.group(2) != null) {
                    int arguments = countArguments(body, member.end() - 1);
                    boolean found = Arrays.stream(type.getMethods()).anyMatch(x -> x.getName().equals(name) && x.getParameterCount() == arguments);
                    if (!found) {
                        problems.add(where + " " + expressions.group() + ": bean " + root + " (" + type.getSimpleName() + ") has no public method "
                                + name + " taking " + arguments + " argument(s)");
                    }
                } else if (getter(type, name) == null) {
                    problems.add(where + " " + expressions.group() + ": bean " + root + " (" + type.getSimpleName() + ") has no property " + name);
                }
            }
        }
    }

    /** The type of the one bean called {@code name}; null, with the problem added, when there is none or it is ambiguous. */
    private Class<?> bean(String where, String name, List<String> problems) {
        if (!context.containsBean(name)) {
            problems.add(where + ": no Spring bean is called " + name);
            return null;
        }
        Class<?> type = ClassUtils.getUserClass(context.getType(name));
        String[] same = context.getBeanNamesForType(type);
        if (same.length != 1) {
            problems.add(where + ": " + name + " is one of " + same.length + " beans of type " + type.getName() + " " + Arrays.toString(same)
                    + ": which one is meant?");
            return null;
        }
        if (processVariables.contains(name)) {
            problems.add(where + ": " + name + " is also a process variable, which the engine resolves first: the bean is never called");
            return null;
        }
        return type;
    }

    /** A timer's duration, evaluated when it is a bean property, must be ISO-8601 (P7D, PT5M) or working days (7WD). */
    private void checkDuration(String where, String text, List<String> problems) {
        String value = text;
        Matcher property = Pattern.compile("^[$#]\\{\\s*([A-Za-z_$][\\w$]*)\\.([A-Za-z_$][\\w$]*)\\s*}$").matcher(text);
        if (property.matches() && context.containsBean(property.group(1))) {
            Method getter = getter(ClassUtils.getUserClass(context.getType(property.group(1))), property.group(2));
            if (getter == null) {
                return; // reported as a missing property
            }
            try {
                value = String.valueOf(getter.invoke(context.getBean(property.group(1))));
            } catch (ReflectiveOperationException e) {
                problems.add(where + ": " + text + " cannot be evaluated: " + e);
                return;
            }
        } else if (EXPRESSION.matcher(text).find()) {
            return; // depends on variables
        }
        if (!Term.isTerm(value)) {
            problems.add(where + ": timer duration " + text + " = " + value + " is not an ISO-8601 duration (P7D) nor working days (7WD)");
        }
    }

    // ---- DMN ----

    private void checkDmn(Path file, List<String> problems) {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            Dmn.readModelFromStream(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Document doc = parse(file);
        checkIds(name, doc, problems);
        for (Element decision : all(doc)) {
            if (decision.getLocalName().equals("decision") && decision.getAttributeNS(CAMUNDA_DMN, "historyTimeToLive").isBlank()) {
                problems.add(name + ": decision " + decision.getAttribute("id") + " has no camunda:historyTimeToLive");
            }
        }
    }

    /** Ids of the decisions of the {@code .dmn} files in {@code dir}. */
    static Set<String> decisionIds(Path dir) {
        Set<String> out = new HashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(".dmn")).forEach(p -> all(parse(p)).stream()
                    .filter(e -> e.getLocalName().equals("decision")).forEach(e -> out.add(e.getAttribute("id"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    // ---- forms ----

    private void checkForm(Path file, List<String> problems) {
        String name = file.getFileName().toString();
        JsonNode form = readJson(file);
        String stem = name.substring(0, name.length() - ".form".length());
        if (!stem.equals(form.path("id").asText())) {
            problems.add(name + ": the form's id is " + form.path("id").asText() + ", not " + stem + " (user tasks find it by that id)");
        }
        form.findValues("id").forEach(id -> {
            if (modelerMadeUp(id.asText())) {
                problems.add(name + ": id " + id.asText() + " was made up by the Modeler: give it a readable one");
            }
        });
        if (form.path("components").isEmpty()) {
            problems.add(name + ": the form has no components");
        }
    }

    // ---- shared ----

    private static void checkIds(String file, Document doc, List<String> problems) {
        for (Element e : all(doc)) {
            String id = e.getAttribute("id");
            if (!id.isEmpty() && modelerMadeUp(id)) {
                problems.add(file + ": id " + id + " (" + e.getLocalName() + ") was made up by the Modeler: give it a readable one");
            }
        }
    }

    static boolean modelerMadeUp(String id) {
        return RANDOM_ID.matcher(id).find() || NUMBERED_ID.matcher(id).matches() || id.startsWith("sid-");
    }

    private static Method getter(Class<?> type, String property) {
        String capitalized = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
                    && (m.getName().equals("get" + capitalized) || m.getName().equals("is" + capitalized))) {
                return m;
            }
        }
        return null;
    }

    /** Arguments of the call whose "(" is at {@code open}: top-level commas + 1, or 0 for "()". */
    private static int countArguments(String body, int open) {
        int depth = 0;
        int commas = 0;
        boolean any = false;
        for (int i = open + 1; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    return any ? commas + 1 : 0;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                commas++;
            }
            if (!Character.isWhitespace(c)) {
                any = true;
            }
        }
        return any ? commas + 1 : 0;
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String describe(Element e) {
        Node n = e;
        while (n instanceof Element x && x.getAttribute("id").isEmpty()) {
            n = n.getParentNode();
        }
        String owner = n instanceof Element x ? x.getAttribute("id") : "?";
        return owner + (n == e ? "" : " (" + e.getLocalName() + ")");
    }

    static Document parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalArgumentException(file.getFileName() + " is not well-formed XML: " + e.getMessage(), e);
        }
    }

    static List<Element> elements(Document doc, String namespace, String localName) {
        List<Element> out = new ArrayList<>();
        NodeList list = doc.getElementsByTagNameNS(namespace, localName);
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    static List<Element> all(Document doc) {
        return elements(doc, "*", "*");
    }

    private JsonNode readJson(Path file) {
        try {
            return json.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file.getFileName() + " is not JSON: " + e.getMessage(), e);
        }
    }
}
