package cn.jingyuan.relocation.relocationcase.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.security.PiiCipher;

/**
 * Encrypts the case history written before it was kept encrypted ({@code case_event.comment} and {@code details},
 * which hold relatives' names, new addresses, flat numbers and opinions), once, with the current personal-data key.
 * A Flyway migration (a Spring bean Flyway picks up, as V071), so it runs once under Flyway's lock however many nodes
 * start together; values that are cipher text already are left alone.
 */
@Component
public class V016__EncryptCaseHistory extends BaseJavaMigration {

    private static final Logger log = LoggerFactory.getLogger(V016__EncryptCaseHistory.class);
    private static final int CHUNK = 1000;

    private final PiiCipher cipher;

    V016__EncryptCaseHistory(PiiCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        int n = encrypt(context.getConnection(), cipher);
        log.info("case history: {} rows' comments and details encrypted", n);
    }

    /** Encrypts every comment and details still in the clear; the rows changed. */
    public static int encrypt(Connection c, PiiCipher cipher) throws SQLException {
        int changed = 0;
        long after = 0;
        while (true) {
            int seen = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT id, comment, details FROM case_event WHERE id > ?"
                    + " AND (comment IS NOT NULL OR details IS NOT NULL) ORDER BY id LIMIT " + CHUNK);
                 PreparedStatement u = c.prepareStatement("UPDATE case_event SET comment = ?, details = ? WHERE id = ?")) {
                s.setLong(1, after);
                int batched = 0;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        seen++;
                        after = rs.getLong(1);
                        String comment = rs.getString(2);
                        String details = rs.getString(3);
                        if (PiiCipher.isEncrypted(comment) == (comment != null) && PiiCipher.isEncrypted(details) == (details != null)) {
                            continue;
                        }
                        u.setString(1, comment == null || PiiCipher.isEncrypted(comment) ? comment : cipher.encrypt(comment));
                        u.setString(2, details == null || PiiCipher.isEncrypted(details) ? details : cipher.encrypt(details));
                        u.setLong(3, after);
                        u.addBatch();
                        batched++;
                    }
                }
                if (batched > 0) {
                    u.executeBatch();
                    changed += batched;
                }
            }
            if (seen < CHUNK) {
                return changed;
            }
        }
    }
}
