package cn.jingyuan.relocation.worklist.web;

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
 * How a Camunda Form (bpmn/*.form, form-js JSON) lays out its components: the order, the rows
 * ({@code layout.row}, {@code layout.columns} of 16) and the display texts between the fields, so the task page
 * renders the same form as Tasklist, natively on the server. The fields themselves (types, options, defaults)
 * come from {@link cn.jingyuan.relocation.worklist.WorklistService#form}.
 */
@Component
class FormLayout {

    /** One component: a field (its {@code key}) or a text ({@code lines}, markdown reduced to headings and paragraphs). */
    public record Item(String key, String component, Integer columns, String heading, List<String> lines) {

        public boolean isText() {
            return key == null;
        }

        /** Bootstrap columns (of 12) on wide screens; full width on a phone. */
        public String css() {
            return columns == null ? "col-12 col-md" : "col-12 col-md-" + Math.max(1, Math.round(columns * 12f / 16));
        }
    }

    public record Row(List<Item> items) {
    }

    private final ObjectMapper json;
    private final Map<String, List<Row>> cache = new ConcurrentHashMap<>();

    FormLayout(ObjectMapper json) {
        this.json = json;
    }

    List<Row> of(String formId) {
        return cache.computeIfAbsent(formId, this::load);
    }

    private List<Row> load(String formId) {
        if (!formId.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("bad form id " + formId);
        }
        try (InputStream in = FormLayout.class.getResourceAsStream("/bpmn/" + formId + ".form")) {
            if (in == null) {
                return List.of();
            }
            List<Row> rows = new ArrayList<>();
            collect(json.readTree(in).path("components"), rows);
            return List.copyOf(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode components, List<Row> rows) {
        String lastRow = null;
        for (JsonNode c : components) {
            if (c.has("components")) {
                collect(c.path("components"), rows);
                lastRow = null;
                continue;
            }
            Item item = item(c);
            if (item == null) {
                continue;
            }
            String row = c.path("layout").path("row").asText(null);
            if (row != null && row.equals(lastRow)) {
                rows.get(rows.size() - 1).items().add(item);
            } else {
                List<Item> items = new ArrayList<>();
                items.add(item);
                rows.add(new Row(items));
            }
            lastRow = row;
        }
    }

    private static Item item(JsonNode c) {
        String type = c.path("type").asText();
        Integer columns = c.path("layout").hasNonNull("columns") ? c.path("layout").path("columns").asInt() : null;
        if ("text".equals(type)) {
            String heading = null;
            List<String> lines = new ArrayList<>();
            for (String line : plain(c.path("text").asText("")).split("\n")) {
                String l = line.strip();
                if (l.startsWith("#")) {
                    heading = l.replaceFirst("^#+\\s*", "");
                } else if (!l.isEmpty()) {
                    lines.add(l.replaceFirst("^[-*]\\s+", "· "));
                }
            }
            return new Item(null, type, columns, heading, lines);
        }
        String key = c.path("key").asText(null);
        return key == null ? null : new Item(key, type, columns, null, List.of());
    }

    /** Markdown emphasis out, and the notes meant for scripts (the API paths in brackets) too. */
    static String plain(String markdown) {
        return markdown.replaceAll("[((][^()()]*/api/[^()()]*[))]", "").replace("**", "").replace("__", "");
    }
}
