package cn.jingyuan.relocation.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DeadlockLoserDataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.TransactionSystemException;

/** Which failures are "the database is out of reach" (503) and which "lost to a concurrent change" (409). */
class DatabaseFailuresTests {

    @Test
    void theDatabaseOutOfReachIsTold() {
        assertThat(DatabaseUnavailable.is(new RuntimeException(new SQLTransientConnectionException("pool timed out")))).isTrue();
        assertThat(DatabaseUnavailable.is(new RuntimeException(new SQLException("Connection is closed", "08003")))).isTrue();
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed", new SQLException("closed", "HY000"));
        rollback.initApplicationException(new RuntimeException(new SQLTransientConnectionException("pool timed out")));
        assertThat(DatabaseUnavailable.is(rollback)).isTrue();

        assertThat(DatabaseUnavailable.is(new DuplicateKeyException("uk_household"))).isFalse();
        assertThat(DatabaseUnavailable.is(new DataIntegrityViolationException("too long", new SQLException("Data too long", "22001")))).isFalse();
        assertThat(DatabaseUnavailable.is(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void aDeadlockLoserIsAConflictAndTheDatabaseAwayIs503WithRetryAfter() {
        ProblemHandler handler = new ProblemHandler();
        assertThat(handler.unexpected(new DeadlockLoserDataAccessException("deadlock", new SQLTransactionRollbackException("Deadlock found")))
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(handler.unexpected(new RuntimeException(new SQLTransactionRollbackException("Lock wait timeout exceeded")))
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        var away = handler.unexpected(new RuntimeException(new SQLException("Connection is closed", "08003")));
        assertThat(away.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(away.getHeaders().getFirst("Retry-After")).isEqualTo("10");
        java.util.function.BooleanSupplier before = DatabaseUnavailable.answersNow;
        try {
            DatabaseUnavailable.answersNow = () -> true;
            assertThat(handler.unexpected(new IllegalStateException("bug")).getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        } finally {
            DatabaseUnavailable.answersNow = before;
        }
    }

    @Test
    void aFailureOfAnUnknownKindWhileTheDatabaseDoesNotAnswerIs503NotA500() {
        ProblemHandler handler = new ProblemHandler();
        java.util.function.BooleanSupplier before = DatabaseUnavailable.answersNow;
        try {
            // an engine exception that kept no cause, thrown while the database is out of reach
            RuntimeException wrapped = new RuntimeException("ENGINE-03004 Exception while executing Database Operation");
            DatabaseUnavailable.answersNow = () -> false;
            var away = handler.unexpected(wrapped);
            assertThat(away.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(away.getHeaders().getFirst("Retry-After")).isEqualTo("10");
            // the same failure while the database answers is a bug: 500 with a reference
            DatabaseUnavailable.answersNow = () -> true;
            assertThat(handler.unexpected(wrapped).getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        } finally {
            DatabaseUnavailable.answersNow = before;
        }
    }

    @Test
    void theProbeSaysNoWithinSecondsWhenNoConnectionComes() {
        javax.sql.DataSource hangs = new org.springframework.jdbc.datasource.AbstractDataSource() {
            @Override
            public java.sql.Connection getConnection() {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("no connection");
            }

            @Override
            public java.sql.Connection getConnection(String u, String p) {
                return getConnection();
            }
        };
        java.util.function.BooleanSupplier before = DatabaseUnavailable.answersNow;
        DatabaseProbe probe = new DatabaseProbe(hangs);
        try {
            long t = System.nanoTime();
            assertThat(probe.answers()).isFalse();
            assertThat((System.nanoTime() - t) / 1_000_000).as("ms until the answer").isLessThan(10_000);
        } finally {
            probe.closed();
            DatabaseUnavailable.answersNow = before;
        }
    }
}
