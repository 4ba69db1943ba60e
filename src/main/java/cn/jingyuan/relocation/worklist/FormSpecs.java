package cn.jingyuan.relocation.worklist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the Camunda Forms of {@code bpmn/} (the files that deploy with the processes) into {@link FormSpec}s,
 * once each. form-js component types map to the contract's field types: textfield → string, textarea → text,
 * number → number, datetime → date, checkbox → boolean, select/radio → enum.
 */
@Component
public class FormSpecs {

    private final ObjectMapper json;
    private final Map<String, FormSpec> cache = new ConcurrentHashMap<>();

    FormSpecs(ObjectMapper json) {
        this.json = json;
    }

    public FormSpec get(String formId) {
        return cache.computeIfAbsent(formId, this::load);
    }

    private FormSpec load(String formId) {
        if (!formId.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("bad form id " + formId);
        }
        try (InputStream in = FormSpecs.class.getResourceAsStream("/bpmn/" + formId + ".form")) {
            if (in == null) {
                throw new IllegalStateException("no Camunda Form bpmn/" + formId + ".form");
            }
            JsonNode root = json.readTree(in);
            List<FormField> fields = new ArrayList<>();
            collect(root.path("components"), fields);
            return new FormSpec(formId, List.copyOf(fields));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode components, List<FormField> out) {
        for (JsonNode c : components) {
            String type = c.path("type").asText();
            if (c.has("components")) {
                collect(c.path("components"), out);
            }
            String key = c.path("key").asText(null);
            if (key == null) {
                continue;
            }
            String label = c.hasNonNull("label") ? c.path("label").asText() : c.path("dateLabel").asText(key);
            boolean required = c.path("validate").path("required").asBoolean(false);
            Double min = c.path("validate").hasNonNull("min") ? c.path("validate").path("min").asDouble() : null;
            Double max = c.path("validate").hasNonNull("max") ? c.path("validate").path("max").asDouble() : null;
            switch (type) {
                case "textfield" -> out.add(new FormField(key, label, "string", required, null, text(c), null, null));
                case "textarea" -> out.add(new FormField(key, label, "text", required, null, text(c), null, null));
                case "number" -> out.add(new FormField(key, label, "number", required, null,
                        c.hasNonNull("defaultValue") ? c.path("defaultValue").numberValue() : null, min, max));
                case "datetime" -> out.add(new FormField(key, label, "date", required, null, null, null, null));
                // an unticked box is no default: a confirmation is given by the person, never assumed
                case "checkbox" -> out.add(new FormField(key, label, "boolean", required, null, null, null, null));
                case "select", "radio" -> {
                    List<FormField.Option> options = new ArrayList<>();
                    c.path("values").forEach(v -> options.add(new FormField.Option(v.path("value").asText(), v.path("label").asText())));
                    Object def = c.hasNonNull("defaultValue") ? c.path("defaultValue").asText() : options.isEmpty() ? null : options.get(0).value();
                    out.add(new FormField(key, label, "enum", required, List.copyOf(options), def, null, null));
                }
                default -> {
                    // display-only components (text, spacer, ...) carry no value
                }
            }
        }
    }

    private static Object text(JsonNode c) {
        return c.hasNonNull("defaultValue") ? c.path("defaultValue").asText() : null;
    }
}
