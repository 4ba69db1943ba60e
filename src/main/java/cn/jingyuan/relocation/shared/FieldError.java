package cn.jingyuan.relocation.shared;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with the input: where ({@code row} is the 1-based data row of an uploaded file, absent for a
 * request body), which field, the offending value, and what is wrong.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(Integer row, String field, String value, String message) {

    public static FieldError of(String field, String message) {
        return new FieldError(null, field, null, message);
    }
}
