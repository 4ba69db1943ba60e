package cn.jingyuan.relocation.worklist.web;

import java.sql.SQLException;
import java.sql.SQLTransientException;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.springframework.core.Ordered;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.ProblemHandler;
import cn.jingyuan.relocation.worklist.StepRejectedException;

/**
 * Errors that come out of the engine: a step's rules (400 with the fields), a rule of ours thrown inside a
 * listener (its own status, e.g. 403 for separation of duties), a task completed meanwhile (409).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class EngineProblems {

    @ExceptionHandler(ProcessEngineException.class)
    ResponseEntity<ProblemDetail> engine(ProcessEngineException e) {
        StepRejectedException rejected = StepRejectedException.find(e);
        if (rejected != null) {
            return ProblemHandler.problem(HttpStatus.BAD_REQUEST, "请求有误 (Bad Request)", rejected.getMessage(), rejected.errors());
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ApiException api) {
                return ProblemHandler.problem(api.status(), api.title(), api.getMessage(), api.errors());
            }
        }
        if (e instanceof OptimisticLockingException || e.getCause() instanceof OptimisticLockingException || e instanceof NullValueException
                || e instanceof MismatchingMessageCorrelationException) {
            // two people withdrawing, reopening or objecting at once: the second finds the case has moved on
            return ProblemHandler.problem(HttpStatus.CONFLICT, "冲突 (Conflict)", "刚被他人办理,请刷新 (changed by someone else meanwhile)", null);
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PessimisticLockingFailureException || c instanceof SQLTransientException
                    || (c instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || sql.getErrorCode() == 1205 || sql.getErrorCode() == 1213))) {
                return ProblemHandler.retryLater();
            }
        }
        return new ProblemHandler().unexpected(e);
    }
}
