package cn.jingyuan.relocation.shared;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure caused by the database being out of reach (no connection from the pool, connection refused or
 * broken, a socket timeout) from any other: that one is answered 503 with {@code Retry-After}, never 500, because
 * the request may simply be sent again once the database is back; the pool reconnects by itself.
 */
public final class DatabaseUnavailable {

    /** Seconds a client is asked to wait before it tries again. */
    public static final int RETRY_AFTER_SECONDS = 10;
    public static final String TITLE = "服务暂不可用 (Service Unavailable)";
    public static final String DETAIL = "数据库暂时无法连接,请稍后重试 (the database is out of reach; retry in a moment)";

    /** Asks the database whether it answers now (set by {@link DatabaseProbe}; absent in plain unit tests). */
    static volatile java.util.function.BooleanSupplier answersNow;

    private DatabaseUnavailable() {
    }

    /**
     * {@link #is}, or, for a failure of a kind not recognised there (a driver or engine wrapping that drops the
     * cause), whether the database fails to answer right now: a request that failed while the database is out of
     * reach is answered 503 and may be sent again, never 500.
     */
    public static boolean isOrDatabaseDown(Throwable e) {
        if (is(e)) {
            return true;
        }
        java.util.function.BooleanSupplier probe = answersNow;
        return probe != null && !probe.getAsBoolean();
    }

    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException || t instanceof ConnectException
                    || t instanceof SocketTimeoutException || t instanceof SocketException) {
                return true;
            }
            // SQLState class 08: connection exception (Hikari's "Connection is closed" after the database went away)
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            // a rollback that failed because the connection is gone keeps the failure that caused it aside
            if (t instanceof org.springframework.transaction.TransactionSystemException tse && tse.getOriginalException() != null
                    && tse.getOriginalException() != e && is(tse.getOriginalException())) {
                return true;
            }
            // Connector/J's CommunicationsException without depending on the driver at compile time
            String name = t.getClass().getName();
            if (name.endsWith("CommunicationsException") || name.endsWith("CJCommunicationsException")) {
                return true;
            }
        }
        return false;
    }
}
