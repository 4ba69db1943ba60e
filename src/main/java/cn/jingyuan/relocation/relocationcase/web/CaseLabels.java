package cn.jingyuan.relocation.relocationcase.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Chinese words for the codes a case's history keeps: a step's decision or choice (APPROVE, APPLY, SUBSIDY ...)
 * as the step's Camunda Form labels it, and the names of the values a step recorded. The pages never print a code.
 */
@Component
public class CaseLabels {

    private final Map<String, String> options = new HashMap<>();
    private final Map<String, String> fields = new HashMap<>();
    /** Per form: its options' words (APPROVE is 审核通过 in one step, 同意 in another). */
    private final Map<String, Map<String, String>> formOptions = new HashMap<>();
    /** Per step (user task id): its form. */
    private final Map<String, String> stepForms = new HashMap<>();

    CaseLabels(ObjectMapper json) {
        try {
            PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();
            for (Resource r : resources.getResources("classpath*:bpmn/*.form")) {
                try (InputStream in = r.getInputStream()) {
                    JsonNode form = json.readTree(in);
                    Map<String, String> own = new HashMap<>();
                    collect(form.path("components"), own);
                    formOptions.put(form.path("id").asText(), own);
                }
            }
            for (Resource r : resources.getResources("classpath*:bpmn/*.bpmn")) {
                try (InputStream in = r.getInputStream()) {
                    Bpmn.readModelFromStream(in).getModelElementsByType(UserTask.class).forEach(t -> {
                        if (t.getCamundaFormRef() != null) {
                            stepForms.put(t.getId(), t.getCamundaFormRef());
                        }
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // decisions taken outside a form: the leaders' batch decision and the everyday operations
        options.putIfAbsent("APPROVE", "同意");
        options.putIfAbsent("REJECT", "不同意");
        options.putIfAbsent("RETURN", "退回");
        options.putIfAbsent("EXCLUDE", "暂不纳入");
    }

    private void collect(JsonNode components, Map<String, String> own) {
        for (JsonNode c : components) {
            if (c.has("components")) {
                collect(c.path("components"), own);
            }
            String key = c.path("key").asText(null);
            String label = c.hasNonNull("label") ? c.path("label").asText() : c.path("dateLabel").asText(null);
            if (key != null && label != null) {
                fields.putIfAbsent(key, label.replaceAll("[((].*[))]", ""));
            }
            c.path("values").forEach(v -> {
                options.putIfAbsent(v.path("value").asText(), v.path("label").asText());
                own.putIfAbsent(v.path("value").asText(), v.path("label").asText());
            });
        }
    }

    /** A decision's or a choice's words; a value without words (a plain number or text) as it is. */
    public String value(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Boolean b) {
            return b ? "是" : "否";
        }
        String s = String.valueOf(value);
        return options.getOrDefault(s, s.matches("[A-Z][A-Z_]+") ? "" : s);
    }

    /** A step's decision in the words of that step's form (审核通过, 符合条件,予以认定 ...), else as {@link #value}. */
    public String decision(String stepId, Object value) {
        Map<String, String> own = stepId == null ? null : formOptions.get(stepForms.get(stepId));
        if (own != null && value != null && own.containsKey(String.valueOf(value))) {
            return own.get(String.valueOf(value));
        }
        return value(value);
    }

    /** A recorded value's name, or null when it is none a person should read (an internal key). */
    public String field(String key) {
        return fields.get(key);
    }
}
