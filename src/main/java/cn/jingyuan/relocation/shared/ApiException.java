package cn.jingyuan.relocation.shared;

import java.util.List;

import org.springframework.http.HttpStatus;

/** An error with an HTTP meaning; rendered as application/problem+json by {@link ProblemHandler}. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<FieldError> errors;

    public ApiException(HttpStatus status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public ApiException(HttpStatus status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "未找到 (Not Found)", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "冲突 (Conflict)", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "无权操作 (Forbidden)", detail);
    }

    public static ApiException badRequest(String detail, List<FieldError> errors) {
        return new ApiException(HttpStatus.BAD_REQUEST, "请求有误 (Bad Request)", detail, errors);
    }

    public static ApiException badRequest(String detail) {
        return badRequest(detail, List.of());
    }

    /** Content that parses but breaks the rules; nothing was written. */
    public static ApiException invalid(String detail, List<FieldError> errors) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "内容校验未通过 (Unprocessable Content)", detail, errors);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
