package cn.jingyuan.relocation.relocationcase.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

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

    CaseLabels(ObjectMapper json) {
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:bpmn/*.form")) {
                try (InputStream in = r.getInputStream()) {
                    collect(json.readTree(in).path("components"));
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

    private void collect(JsonNode components) {
        for (JsonNode c : components) {
            if (c.has("components")) {
                collect(c.path("components"));
            }
            String key = c.path("key").asText(null);
            String label = c.hasNonNull("label") ? c.path("label").asText() : c.path("dateLabel").asText(null);
            if (key != null && label != null) {
                fields.putIfAbsent(key, label.replaceAll("[((].*[))]", ""));
            }
            c.path("values").forEach(v -> options.putIfAbsent(v.path("value").asText(), v.path("label").asText()));
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

    /** A recorded value's name, or null when it is none a person should read (an internal key). */
    public String field(String key) {
        return fields.get(key);
    }
}
