package cn.jingyuan.relocation.shared;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error of {@code /api} as RFC 9457 problem+json with {@code status}, {@code title}, {@code detail} and, for
 * validation, {@code errors}. Never a stack trace or SQL: unexpected failures are logged and answered with a
 * reference the administrator can find in the log.
 */
@RestControllerAdvice
// before Spring Boot's own problem-details advice (order 0), which would otherwise answer the request-parsing errors
// (a value of the wrong JSON type, a missing parameter) without naming the field; after EngineProblems
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        return problem(e.status(), e.title(), e.getMessage(), e.errors());
    }

    @ExceptionHandler(InvalidValueException.class)
    ResponseEntity<ProblemDetail> invalidValue(InvalidValueException e) {
        return problem(HttpStatus.BAD_REQUEST, "请求有误 (Bad Request)", e.getMessage(), List.of());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> beanValidation(MethodArgumentNotValidException e) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldError(null, f.getField(), f.getRejectedValue() == null ? null : String.valueOf(f.getRejectedValue()),
                        f.getDefaultMessage()))
                .toList();
        return problem(HttpStatus.BAD_REQUEST, "请求有误 (Bad Request)", "请求字段不符合要求 (invalid fields)", errors);
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MissingServletRequestParameterException.class,
            MethodArgumentTypeMismatchException.class, MissingServletRequestPartException.class})
    ResponseEntity<ProblemDetail> malformed(Exception e) {
        String detail;
        if (e instanceof MissingServletRequestParameterException m) {
            detail = "缺少参数 " + m.getParameterName() + " (missing parameter)";
        } else if (e instanceof MissingServletRequestPartException m) {
            detail = "缺少上传文件字段 " + m.getRequestPartName() + " (missing multipart part)";
        } else if (e instanceof MethodArgumentTypeMismatchException m) {
            detail = "参数 " + m.getName() + " 的值“" + m.getValue() + "”格式不对 (wrong type)";
        } else {
            String field = jsonField(e);
            if (field != null) {
                // a value of the wrong JSON type (text for a number, an object for a list ...): say which field
                return problem(HttpStatus.BAD_REQUEST, "请求有误 (Bad Request)", "字段 " + field + " 的类型不对 (wrong JSON type for " + field + ")",
                        List.of(FieldError.of(field, "类型不对 (wrong type)")));
            }
            detail = "请求体无法解析,应为JSON (malformed request body)";
        }
        return problem(HttpStatus.BAD_REQUEST, "请求有误 (Bad Request)", detail, List.of());
    }

    /** The JSON path of the field a body could not be mapped at ({@code caseNos[1]}, {@code year}), if known. */
    static String jsonField(Exception e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                    if (r.getFieldName() != null) {
                        sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
                    } else if (r.getIndex() >= 0) {
                        sb.append('[').append(r.getIndex()).append(']');
                    }
                }
                return sb.isEmpty() ? null : sb.toString();
            }
        }
        return null;
    }

    /**
     * A text longer than its column (a document number, an opinion, a reason): 400 naming the column, never a 500.
     * Services check their own lengths; this catches what they do not.
     */
    @ExceptionHandler(org.springframework.dao.DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(org.springframework.dao.DataIntegrityViolationException e) {
        String message = String.valueOf(e.getMostSpecificCause().getMessage());
        java.util.regex.Matcher m = TOO_LONG.matcher(message);
        if (m.find()) {
            String field = camel(m.group(1) != null ? m.group(1) : m.group(2));
            return problem(HttpStatus.BAD_REQUEST, "请求有误 (Bad Request)", "字段 " + field + " 过长 (too long)",
                    List.of(FieldError.of(field, "内容过长 (too long)")));
        }
        if (e instanceof DuplicateKeyException d) {
            return duplicate(d);
        }
        return unexpected(e);
    }

    /** MariaDB: "Data too long for column 'document_no'"; H2: "Value too long for column "DOCUMENT_NO CHARACTER VARYING(64)"". */
    private static final java.util.regex.Pattern TOO_LONG = java.util.regex.Pattern.compile(
            "(?i)(?:data too long for column '([a-z0-9_]+)'|value too long for column \"([A-Za-z0-9_]+))");

    private static String camel(String column) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : column.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return sb.toString();
    }

    /** A lock wait timeout or a deadlock: nothing was changed; the client may simply try again shortly. */
    @ExceptionHandler(org.springframework.dao.PessimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> busy(org.springframework.dao.PessimisticLockingFailureException e) {
        log.warn("lock wait timeout or deadlock: {}", e.getMostSpecificCause().getMessage());
        return retryLater();
    }

    /** 503 with {@code Retry-After}: the database was busy with the same records; nothing was changed. */
    public static ResponseEntity<ProblemDetail> retryLater() {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "数据正被他人处理,请稍后重试 (the records are busy; nothing was changed, try again shortly)");
        pd.setTitle("请稍后重试 (Service Unavailable)");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(pd);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "文件过大 (Content Too Large)", "上传文件不能超过20MB (the upload limit is 20 MB)", List.of());
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e) {
        if (e.getCause() != null && e.getCause().getClass().getSimpleName().contains("SizeLimit")) {
            return tooLarge(null);
        }
        return problem(HttpStatus.BAD_REQUEST, "请求有误 (Bad Request)", "上传请求无法解析 (malformed multipart request)", List.of());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "不支持的类型 (Unsupported Media Type)", "不支持的请求类型 " + e.getContentType(), List.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return problem(HttpStatus.METHOD_NOT_ALLOWED, "方法不允许 (Method Not Allowed)", "此地址不支持这种请求方法 (method not allowed here)", List.of());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e, jakarta.servlet.http.HttpServletRequest request,
                                             jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        if (wantsPage(request)) {
            // a browser that mistyped an address: the Chinese error page (templates/error.html), not JSON
            response.sendError(HttpStatus.NOT_FOUND.value());
            return null;
        }
        return problem(HttpStatus.NOT_FOUND, "未找到 (Not Found)", "没有这个地址 (no such path)", List.of());
    }

    /** A browser asking for a page (HTML accepted), not a script calling the API. */
    static boolean wantsPage(jakarta.servlet.http.HttpServletRequest request) {
        String uri = request.getRequestURI();
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html") && !uri.startsWith("/api/") && !uri.startsWith("/engine-rest/")
                && !uri.startsWith("/actuator/");
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "无权操作 (Forbidden)", "当前账号无权执行此操作 (not allowed for this account)", List.of());
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> stale(OptimisticLockingFailureException e) {
        return problem(HttpStatus.CONFLICT, "冲突 (Conflict)", "数据已被他人修改,请刷新后重试 (changed by someone else; reload and retry)", List.of());
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e) {
        log.info("duplicate key: {}", e.getMostSpecificCause().getMessage());
        return problem(HttpStatus.CONFLICT, "冲突 (Conflict)", "记录重复 (duplicate record)", List.of());
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (e instanceof org.springframework.web.ErrorResponse known && !known.getStatusCode().is5xxServerError()) {
            // Spring MVC's own 4xx (not acceptable, a missing header, a ResponseStatusException ...): as Spring says it
            return ResponseEntity.status(known.getStatusCode()).headers(known.getHeaders()).body(known.getBody());
        }
        if (lostToAConcurrentChange(e)) {
            // two nodes (or two people) changed the same thing at once and the database chose this one to give way
            // (deadlock or lock wait): the other change went through, as with an optimistic-locking conflict
            log.info("lost to a concurrent change: {}", e.toString());
            return problem(HttpStatus.CONFLICT, "冲突 (Conflict)", "刚被他人办理,请刷新后重试 (changed by someone else meanwhile; reload and retry)",
                    List.of());
        }
        if (DatabaseUnavailable.isOrDatabaseDown(e)) {
            log.warn("database unavailable: {}", e.toString());
            return unavailable();
        }
        String ref = Long.toString(System.nanoTime(), 36);
        log.error("unexpected error, reference {}", ref, e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "系统内部错误 (Internal Server Error)",
                "系统内部错误,请联系管理员并提供编号 " + ref + " (internal error, reference " + ref + ")", List.of());
    }

    /** A deadlock or lock-wait loser: the database rolled this transaction back in favour of another. */
    static boolean lostToAConcurrentChange(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.springframework.dao.PessimisticLockingFailureException || t instanceof java.sql.SQLTransactionRollbackException) {
                return true;
            }
        }
        return false;
    }

    /** 503 with {@code Retry-After}: the database is out of reach for the moment. */
    public static ResponseEntity<ProblemDetail> unavailable() {
        ResponseEntity<ProblemDetail> p = problem(HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailable.TITLE, DatabaseUnavailable.DETAIL, List.of());
        return ResponseEntity.status(p.getStatusCode()).header("Retry-After", Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS))
                .body(p.getBody());
    }

    public static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail, List<FieldError> errors) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setTitle(title);
        if (errors != null && !errors.isEmpty()) {
            pd.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).body(pd);
    }
}
