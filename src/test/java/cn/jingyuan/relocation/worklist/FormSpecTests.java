package cn.jingyuan.relocation.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.shared.FieldError;

/**
 * {@link FormSpec}'s rules one by one, on the real forms of {@code bpmn/}: types, ranges, dates neither in the future
 * nor before 2000, options, required checkboxes, lengths, unknown and missing fields, every problem reported at once.
 */
class FormSpecTests {

    static final LocalDate TODAY = LocalDate.of(2025, 6, 15);

    final FormSpecs forms = new FormSpecs(new ObjectMapper());

    /** The variables, or the errors by field when there were any. */
    private record Outcome(Map<String, Object> values, Map<String, String> errors) {
    }

    private Outcome coerce(String form, Map<String, Object> values) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> out = forms.get(form).coerce(values, TODAY, errors);
        Map<String, String> byField = new HashMap<>();
        errors.forEach(e -> byField.merge(e.field(), e.message(), (a, b) -> a + "; " + b));
        return new Outcome(out, byField);
    }

    private static Map<String, Object> tranche(Object date, Object amount, Object voucher) {
        Map<String, Object> m = new HashMap<>();
        m.put("paymentDate", date);
        m.put("paymentAmount", amount);
        m.put("voucherNo", voucher);
        return m;
    }

    @Test
    void validValuesBecomeTheProcessVariableTypes() {
        Outcome o = coerce("form-pay-tranche", tranche("2025-06-15", "12000", " 凭证-001 "));

        assertThat(o.errors).isEmpty();
        assertThat(o.values).containsEntry("paymentDate", "2025-06-15").containsEntry("paymentAmount", 12000L)
                .containsEntry("voucherNo", "凭证-001");
        assertThat(coerce("form-pay-tranche", tranche("2025-06-01T08:30:00", 12000.5, "v")).values)
                .containsEntry("paymentDate", "2025-06-01").containsEntry("paymentAmount", 12000.5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "12,000", "1e", "NaN", "Infinity", ""})
    void aNumberMustBeAFiniteNumber(String amount) {
        Outcome o = coerce("form-pay-tranche", tranche("2025-06-01", amount, "v"));
        assertThat(o.errors).containsKey("paymentAmount");
        assertThat(o.values).doesNotContainKey("paymentAmount");
    }

    @Test
    void numbersOutsideTheirRangeAreRefusedAndTheBoundsAreAllowed() {
        Map<String, Object> review = new HashMap<>(Map.of("decision", "APPROVE"));
        for (Object priority : List.of(0, 5, -1, 4.5)) {
            review.put("priority", priority);
            assertThat(coerce("form-county-review", review).errors.get("priority")).as("priority " + priority).contains("超出范围[1.0,4.0]");
        }
        for (Object priority : List.of(1, 4, "3")) {
            review.put("priority", priority);
            assertThat(coerce("form-county-review", review).errors).as("priority " + priority).isEmpty();
        }
        review.put("priority", 2);
        review.put("subsidyAmount", -0.01);
        assertThat(coerce("form-county-review", review).errors).containsOnlyKeys("subsidyAmount");
        review.put("subsidyAmount", 0);
        assertThat(coerce("form-county-review", review).values).containsEntry("subsidyAmount", 0L);
    }

    @Test
    void aDateMayNotLieInTheFutureNorBefore2000() {
        assertThat(coerce("form-pay-tranche", tranche("2025-06-16", 1, "v")).errors.get("paymentDate")).contains("不能晚于今天");
        assertThat(coerce("form-pay-tranche", tranche("2026-01-01", 1, "v")).errors).containsKey("paymentDate");
        assertThat(coerce("form-pay-tranche", tranche("1999-12-31", 1, "v")).errors.get("paymentDate")).contains("早于2000年");
        assertThat(coerce("form-pay-tranche", tranche("2025-06-15", 1, "v")).errors).isEmpty();
        assertThat(coerce("form-pay-tranche", tranche("2000-01-01", 1, "v")).errors).isEmpty();
        for (String bad : List.of("2025-02-30", "20250520", "2025/05/20", "昨天", "2025-5-20")) {
            assertThat(coerce("form-pay-tranche", tranche(bad, 1, "v")).errors.get("paymentDate")).as(bad).contains("应为日期");
        }
    }

    @Test
    void aSelectTakesOnlyItsOptions() {
        Outcome bad = coerce("form-county-review", Map.of("decision", "MAYBE"));
        assertThat(bad.errors.get("decision")).contains("APPROVE").contains("RETURN").contains("REJECT").contains("not an allowed value");
        assertThat(coerce("form-county-review", Map.of("decision", "approve")).errors).containsKey("decision");
        assertThat(coerce("form-county-review", Map.of("decision", "RETURN")).values).containsEntry("decision", "RETURN");
    }

    @Test
    void aRequiredCheckboxMustBeTickedAndABooleanIsTrueOrFalse() {
        Map<String, Object> relatives = new HashMap<>(Map.of("relativeName", "马桂兰"));
        relatives.put("relativesHousingConfirmed", false);
        assertThat(coerce("form-resettlement-relatives", relatives).errors.get("relativesHousingConfirmed")).contains("须确认");
        relatives.put("relativesHousingConfirmed", "yes");
        assertThat(coerce("form-resettlement-relatives", relatives).errors.get("relativesHousingConfirmed")).contains("true 或 false");
        relatives.put("relativesHousingConfirmed", "TRUE");
        assertThat(coerce("form-resettlement-relatives", relatives).values).containsEntry("relativesHousingConfirmed", true);
        relatives.remove("relativesHousingConfirmed");
        assertThat(coerce("form-resettlement-relatives", relatives).errors.get("relativesHousingConfirmed")).contains("必填");
    }

    @Test
    void textHasItsLengthsAShortFieldTwoHundredALongOneTwoThousand() {
        Map<String, Object> moveIn = new HashMap<>(Map.of("moveInDate", "2025-06-01"));
        moveIn.put("newAddress", "字".repeat(200));
        moveIn.put("comment", "意".repeat(2000));
        assertThat(coerce("form-move-in", moveIn).errors).isEmpty();
        moveIn.put("newAddress", "字".repeat(201));
        moveIn.put("comment", "意".repeat(2001));
        Outcome o = coerce("form-move-in", moveIn);
        assertThat(o.errors.get("newAddress")).contains("不能超过200字");
        assertThat(o.errors.get("comment")).contains("不能超过2000字");
        // surrounding spaces do not count
        moveIn.put("newAddress", "  " + "字".repeat(200) + "  ");
        moveIn.put("comment", null);
        assertThat(coerce("form-move-in", moveIn).values).containsEntry("newAddress", "字".repeat(200)).doesNotContainKey("comment");
    }

    @Test
    void requiredFieldsLeftOutOrBlankAndUnknownFieldsAreAllReportedTogether() {
        Map<String, Object> values = new HashMap<>();
        values.put("paymentDate", "  ");
        values.put("voucherNo", null);
        values.put("householdId", 7);
        values.put("subsidyAmount", 1);

        Outcome o = coerce("form-pay-tranche", values);

        assertThat(o.errors).containsOnlyKeys("paymentDate", "paymentAmount", "voucherNo", "householdId", "subsidyAmount");
        assertThat(o.errors.get("paymentDate")).contains("必填");
        assertThat(o.errors.get("householdId")).contains("not a field of this form");
        assertThat(forms.get("form-pay-tranche").missing(values)).containsExactlyInAnyOrder("paymentDate", "paymentAmount", "voucherNo");
    }

    @Test
    void everyFormReadsWithKnownTypesAndTheFormsRulesAreThoseOfTheirFiles() {
        for (String id : List.of("form-verify-household", "form-record-application", "form-village-meeting", "form-township-review",
                "form-county-review", "form-sign-agreement", "form-resettlement-unified", "form-resettlement-subsidy",
                "form-resettlement-self-build", "form-resettlement-relatives", "form-move-in", "form-demolish-old-house",
                "form-reclaim-homestead", "form-township-inspection", "form-county-inspection", "form-pay-tranche", "form-batch-decision",
                "form-check-objection", "form-demolition-reminder", "form-approve-plan", "form-revise-plan", "form-prepare-rollover",
                "form-confirm-rollover")) {
            FormSpec spec = forms.get(id);
            assertThat(spec.fields()).as(id).isNotEmpty();
            assertThat(spec.fields()).extracting(FormField::type).as(id).allMatch(t -> List.of("string", "text", "number", "date", "boolean", "enum").contains(t));
        }
        FormField priority = forms.get("form-county-review").field("priority").orElseThrow();
        assertThat(priority.min()).isEqualTo(1.0);
        assertThat(priority.max()).isEqualTo(4.0);
        assertThat(forms.get("form-resettlement-relatives").field("relativesHousingConfirmed").orElseThrow().required()).isTrue();
    }
}
