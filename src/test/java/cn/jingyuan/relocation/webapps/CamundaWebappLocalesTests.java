package cn.jingyuan.relocation.webapps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Chinese locale files of the Camunda webapps against the English ones in the webapp jar on the classpath: every
 * English key has its Chinese value, no key is invented, each value keeps its placeholders, and English sentences
 * are translated. After a Camunda upgrade this names each key the new version added.
 */
class CamundaWebappLocalesTests {

    private static final String APP = "META-INF/resources/webjars/camunda/app/";
    /** {{name}}, {{ count }}, and the bare {} that a few counters use. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]*}}|\\{}");
    /** Two English words in a row: a sentence or label left in English. */
    private static final Pattern ENGLISH_WORDS = Pattern.compile("[A-Za-z]{2,}\\s+[A-Za-z]{2,}");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void everyEnglishKeyHasItsChineseValue(String app) throws IOException {
        Map<String, JsonNode> english = flatten(read(app, "en.json", true));
        Map<String, JsonNode> chinese = flatten(read(app, "zh-CN.json", false));

        assertThat(english).hasSizeGreaterThan(100);
        assertThat(chinese.keySet()).as("keys of %s/locales/zh-CN.json", app)
                .containsAll(english.keySet())
                .hasSameSizeAs(english.keySet());

        List<String> wrong = new ArrayList<>();
        english.forEach((key, en) -> {
            JsonNode zh = chinese.get(key);
            if (en.getNodeType() != zh.getNodeType()) {
                wrong.add(key + ": " + en.getNodeType() + " became " + zh.getNodeType());
            } else if (en.isTextual()) {
                List<String> expected = placeholders(en.asText());
                List<String> actual = placeholders(zh.asText());
                if (!expected.equals(actual)) {
                    wrong.add(key + ": placeholders " + expected + " became " + actual);
                }
                if (ENGLISH_WORDS.matcher(en.asText()).find() && !HAN.matcher(zh.asText()).find()) {
                    wrong.add(key + ": not translated: " + zh.asText());
                }
            }
        });
        assertThat(wrong).as("values of %s/locales/zh-CN.json", app).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin"})
    void datesAreWrittenTheChineseWay(String app) throws IOException {
        JsonNode dates = read(app, "zh-CN.json", false).path("dateLocales");

        assertThat(dates.path("longDateFormat").path("LL").asText()).isEqualTo("YYYY年M月D日");
        assertThat(dates.path("weekdays").get(1).asText()).isEqualTo("星期一");
        assertThat(dates.path("week").path("dow").asInt()).as("weeks start on Monday").isEqualTo(1);
    }

    private JsonNode read(String app, String file, boolean fromCamundaJar) throws IOException {
        String path = APP + app + "/locales/" + file;
        List<URL> found = Collections.list(getClass().getClassLoader().getResources(path));
        URL url = found.stream().filter(u -> fromCamundaJar == "jar".equals(u.getProtocol())).findFirst()
                .orElseThrow(() -> new AssertionError(path + " not on the classpath" + (fromCamundaJar ? " in the Camunda webapp jar" : "")));
        try (InputStream in = url.openStream()) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            // Camunda's own files start with a byte order mark
            return json.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        }
    }

    private static Map<String, JsonNode> flatten(JsonNode root) {
        Map<String, JsonNode> flat = new LinkedHashMap<>();
        flatten("", root, flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> flat) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), flat));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), flat);
            }
        } else {
            flat.put(prefix, node);
        }
    }

    private static List<String> placeholders(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        Collections.sort(found);
        return found;
    }
}
