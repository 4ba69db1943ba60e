package cn.jingyuan.relocation.worklist;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cn.jingyuan.relocation.shared.FieldError;

/**
 * The fields of one Camunda Form ({@code bpmn/<id>.form}), read so that the API enforces exactly what Tasklist
 * shows: required fields, types, options and bounds. {@link #coerce} checks submitted values and turns them into
 * the variable types the process uses (date → {@code yyyy-MM-dd} string, number → Long or Double, boolean).
 */
public record FormSpec(String id, List<FormField> fields) {

    public Optional<FormField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * Checks {@code values} against the form and returns the variables to set; collects every problem in
     * {@code errors} (unknown fields, missing required ones, wrong types, values outside options or bounds).
     * A required checkbox must be ticked: it is a confirmation.
     */
    public Map<String, Object> coerce(Map<String, Object> values, LocalDate today, List<FieldError> errors) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : values.keySet()) {
            if (field(key).isEmpty()) {
                errors.add(new FieldError(null, key, null, "表单中没有这个字段 (not a field of this form)"));
            }
        }
        for (FormField f : fields) {
            Object v = values.get(f.name());
            if (v instanceof String s && s.isBlank()) {
                v = null;
            }
            if (v == null) {
                if (f.required()) {
                    errors.add(new FieldError(null, f.name(), null, f.label() + "为必填项 (required)"));
                }
                continue;
            }
            Object c = coerce(f, v, today, errors);
            if (c != null) {
                out.put(f.name(), c);
            }
        }
        return out;
    }

    private static Object coerce(FormField f, Object v, LocalDate today, List<FieldError> errors) {
        String text = String.valueOf(v);
        switch (f.type()) {
            case "number" -> {
                double d;
                try {
                    d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(text.strip());
                } catch (NumberFormatException e) {
                    errors.add(new FieldError(null, f.name(), text, f.label() + "应为数字 (must be a number)"));
                    return null;
                }
                if (Double.isNaN(d) || Double.isInfinite(d) || (f.min() != null && d < f.min()) || (f.max() != null && d > f.max())) {
                    errors.add(new FieldError(null, f.name(), text, f.label() + "超出范围" + range(f) + " (out of range)"));
                    return null;
                }
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
            }
            case "date" -> {
                String s = text.strip();
                if (s.length() > 10 && s.charAt(10) == 'T') {
                    s = s.substring(0, 10);
                }
                try {
                    LocalDate date = LocalDate.parse(s);
                    if (date.isAfter(today)) {
                        errors.add(new FieldError(null, f.name(), text, f.label() + "不能晚于今天 (must not be in the future)"));
                        return null;
                    }
                    if (date.getYear() < 2000) {
                        errors.add(new FieldError(null, f.name(), text, f.label() + "早于2000年 (implausibly early)"));
                        return null;
                    }
                    return date.toString();
                } catch (DateTimeParseException e) {
                    errors.add(new FieldError(null, f.name(), text, f.label() + "应为日期,如2025-05-20 (must be an ISO date)"));
                    return null;
                }
            }
            case "boolean" -> {
                Boolean b = v instanceof Boolean x ? x : "true".equalsIgnoreCase(text) ? Boolean.TRUE
                        : "false".equalsIgnoreCase(text) ? Boolean.FALSE : null;
                if (b == null) {
                    errors.add(new FieldError(null, f.name(), text, f.label() + "应为 true 或 false (must be a boolean)"));
                    return null;
                }
                if (f.required() && !b) {
                    errors.add(new FieldError(null, f.name(), text, "须确认“" + f.label() + "”后才能提交 (must be confirmed)"));
                    return null;
                }
                return b;
            }
            case "enum" -> {
                if (f.options().stream().noneMatch(o -> o.value().equals(text))) {
                    errors.add(new FieldError(null, f.name(), text, f.label() + "应为:" + String.join("、",
                            f.options().stream().map(o -> o.value() + "(" + o.label() + ")").toList()) + " (not an allowed value)"));
                    return null;
                }
                return text;
            }
            default -> {
                String s = text.strip();
                int max = "text".equals(f.type()) ? 2000 : 200;
                if (s.length() > max) {
                    errors.add(new FieldError(null, f.name(), s.substring(0, 40), f.label() + "不能超过" + max + "字 (too long)"));
                    return null;
                }
                return s;
            }
        }
    }

    private static String range(FormField f) {
        return "[" + (f.min() == null ? "" : f.min()) + "," + (f.max() == null ? "" : f.max()) + "]";
    }

    /** Fields a caller did not send but must (for the 400 that lists them). */
    public List<String> missing(Map<String, Object> values) {
        List<String> out = new ArrayList<>();
        for (FormField f : fields) {
            if (f.required() && (values.get(f.name()) == null || String.valueOf(values.get(f.name())).isBlank())) {
                out.add(f.name());
            }
        }
        return out;
    }
}
