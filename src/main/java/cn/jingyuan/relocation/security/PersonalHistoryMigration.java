package cn.jingyuan.relocation.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * V014 (Java): takes the personal values of {@link PersonalValuesOutOfHistory#PERSONAL} out of the engine's history
 * rows written before that handler existed, once. On a new database the engine's tables do not exist yet when Flyway
 * runs, and there is nothing to take out.
 */
@Configuration(proxyBeanMethods = false)
class PersonalHistoryMigration {

    @Bean
    static JavaMigration personalValuesOutOfOldHistory() {
        return new JavaMigration() {
            @Override
            public MigrationVersion getVersion() {
                return MigrationVersion.fromVersion("14");
            }

            @Override
            public String getDescription() {
                return "personal values out of old engine history";
            }

            @Override
            public Integer getChecksum() {
                return null;
            }

            @Override
            public boolean canExecuteInTransaction() {
                return true;
            }

            @Override
            public void migrate(Context context) throws SQLException {
                scrub(context.getConnection());
            }
        };
    }

    /** Blanks the personal values in ACT_HI_VARINST and ACT_HI_DETAIL, if the engine's history tables exist; the rows affected. */
    static int scrub(Connection c) throws SQLException {
        if (!exists(c, "ACT_HI_VARINST") || !exists(c, "ACT_HI_DETAIL")) {
            return 0;
        }
        int n = 0;
        for (Map.Entry<String, Set<String>> e : PersonalValuesOutOfHistory.PERSONAL.entrySet()) {
            for (String name : e.getValue()) {
                for (String table : new String[] {"ACT_HI_VARINST", "ACT_HI_DETAIL"}) {
                    try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET TEXT_ = NULL, TEXT2_ = NULL WHERE NAME_ = ?"
                            + " AND (PROC_DEF_KEY_ = ? OR PROC_DEF_ID_ LIKE ?) AND (TEXT_ IS NOT NULL OR TEXT2_ IS NOT NULL)")) {
                        s.setString(1, name);
                        s.setString(2, e.getKey());
                        s.setString(3, e.getKey() + ":%");
                        n += s.executeUpdate();
                    }
                }
            }
        }
        return n;
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        for (String t : new String[] {table, table.toLowerCase()}) {
            try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, t, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
