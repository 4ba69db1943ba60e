package cn.jingyuan.relocation.security;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The walk both key rotations ({@link PiiReencryption}, {@link PiiRehash}) make over a table: keyset pages over its
 * key (the rows after the last key of the page before, in key order, {@value #CHUNK} at a time), each page
 * handled in a transaction of its own. A run can stop anywhere (a killed command, or {@code maxChunks} for tests)
 * and loses at most the page in hand; what the next run picks up is up to the query.
 */
final class ChunkedWalk {

    static final int CHUNK = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    ChunkedWalk(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * Reads the rows of {@code select} page by page and hands each page to {@code page} inside its transaction.
     * {@code select} takes the key to start after as its first parameter ({@code WHERE key > ? ...}; the first page
     * starts after {@code start}, below every key: {@code 0L} for ids, {@code ""} for names), then {@code params}, and
     * orders by the key; the page's {@code LIMIT} is added here.
     *
     * @return how many pages were handled (at most {@code maxChunks})
     */
    <T> int walk(String select, RowMapper<T> rows, Function<T, Object> keyOf, Object start, int maxChunks, Consumer<List<T>> page,
                 Object... params) {
        Object[] args = new Object[params.length + 1];
        System.arraycopy(params, 0, args, 1, params.length);
        Object after = start;
        int chunks = 0;
        while (chunks < maxChunks) {
            args[0] = after;
            List<T> found = jdbc.query(select + " LIMIT " + CHUNK, rows, args);
            if (found.isEmpty()) {
                break;
            }
            tx.executeWithoutResult(s -> page.accept(found));
            chunks++;
            after = keyOf.apply(found.get(found.size() - 1));
        }
        return chunks;
    }
}
