package cn.jingyuan.relocation.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must never show on a page: an upper-case code (APPROVE, TOWNSHIP_REVIEW), an account or group id
 * (huanghua.tf1, tf-huanghua, camunda-admin), an ISO duration or period code (P90D, PT1M, 7WD), an ISO date-time
 * (2025-05-20T08:30), an engine id (a UUID) or a task key (Task_TownshipReview).
 */
public final class RawCodes {

    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("\\b[A-Z]{2,}(?:_[A-Z]+)+\\b"),
            Pattern.compile("\\b(?:APPROVE|RETURN|REJECT|APPLY|DECLINE|OFFICER|FINANCE|DEPUTY|HEAD|ADMIN)\\b"),
            Pattern.compile("\\b[a-z]+\\.(?:tf\\d|lead)\\b"),
            Pattern.compile("\\b(?:tf|lead)-[a-z]+\\b"),
            Pattern.compile("\\bcamunda-admin\\b"),
            Pattern.compile("\\bP(?:T?\\d+[YMWDHS])+\\b"),
            Pattern.compile("\\b\\d+WD\\b"),
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}"),
            Pattern.compile("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b"),
            Pattern.compile("\\b(?:Task|Gateway|Flow|StartEvent|EndEvent|BoundaryEvent)_\\w+"),
            Pattern.compile("\\b(?:null|undefined|NaN)\\b"));

    private RawCodes() {
    }

    /** Every forbidden piece found in this visible text. */
    public static List<String> in(String visibleText) {
        List<String> found = new ArrayList<>();
        for (Pattern p : FORBIDDEN) {
            Matcher m = p.matcher(visibleText);
            while (m.find()) {
                found.add(m.group());
            }
        }
        return found;
    }
}
