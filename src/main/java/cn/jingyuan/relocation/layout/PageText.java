package cn.jingyuan.relocation.layout;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;

/**
 * What pages say instead of codes: a person's name for an account id, and a service's messages without the English
 * in brackets that {@code /api} keeps for scripts.
 */
@Component
public class PageText {

    /** The name shown for an account that has none registered (never the account id). */
    public static final String NO_NAME = "(未登记姓名)";

    private final AccountDirectory accounts;

    PageText(AccountDirectory accounts) {
        this.accounts = accounts;
    }

    /** A person's name for an account id; "系统" for work nobody started by hand. */
    public String name(String accountId) {
        if (accountId == null || accountId.isBlank()) {
            return "";
        }
        if ("system".equals(accountId)) {
            return "系统";
        }
        return accounts.displayName(accountId).filter(n -> !n.isBlank()).orElse(NO_NAME);
    }

    /** {@link #name} with a per-page cache, for lists that repeat the same people. */
    public java.util.function.Function<String, String> names() {
        Map<String, String> seen = new ConcurrentHashMap<>();
        return id -> id == null ? "" : seen.computeIfAbsent(id, this::name);
    }

    private static final java.util.regex.Pattern ACCOUNT_LIKE = java.util.regex.Pattern.compile("(?<![A-Za-z0-9_.-])[a-z][a-z0-9_.-]*[a-z0-9]");

    /** A service message as a page says it: Chinese only, every account id in it replaced by the person's name. */
    public String readable(String message) {
        java.util.regex.Matcher m = ACCOUNT_LIKE.matcher(chinese(message));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String token = m.group();
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(accounts.exists(token) ? name(token) : token));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A refusal as a page shows it, with names instead of account ids. */
    public Problem problem(ApiException e) {
        Problem p = Problem.of(e);
        Map<String, String> fields = new LinkedHashMap<>();
        p.fields().forEach((k, v) -> fields.put(k, readable(v)));
        return new Problem(readable(p.message()), fields);
    }

    /** The Chinese part of a service message: "须填写审批意见 (an opinion is required)" becomes "须填写审批意见". */
    public static String chinese(String message) {
        if (message == null) {
            return "";
        }
        String m = message.strip().replaceAll("[((][A-Z][A-Z_]*[))]", "");
        while (m.endsWith(")")) {
            int open = m.lastIndexOf(" (");
            if (open < 0 || !m.substring(open).matches(".*[A-Za-z].*")) {
                break;
            }
            m = m.substring(0, open).strip();
        }
        return m;
    }

    /** A refusal as a page shows it: its message, and each field's message by field name (first one wins). */
    public record Problem(String message, Map<String, String> fields) {

        public static Problem of(ApiException e) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (FieldError f : Optional.ofNullable(e.errors()).orElse(java.util.List.of())) {
                if (f.field() != null) {
                    String text = chinese(f.message());
                    fields.merge(f.field(), f.value() == null ? text : f.value() + ":" + text, (a, b) -> a + ";" + b);
                }
            }
            return new Problem(chinese(e.getMessage()), fields);
        }

        public static Problem of(String message) {
            return new Problem(message, Map.of());
        }

        public String field(String name) {
            return fields.get(name);
        }
    }
}
