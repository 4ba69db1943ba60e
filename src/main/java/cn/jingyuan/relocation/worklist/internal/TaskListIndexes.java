package cn.jingyuan.relocation.worklist.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * An index on one of the engine's tables for the task list: a township member's list starts from the candidate
 * links of their groups, and with (group, type, task) in one index it reads them without touching the table.
 * Flyway runs before the engine creates its tables, so this is created once the engine is built, when missing;
 * Camunda's schema updates leave foreign indexes alone.
 */
@Component
class TaskListIndexes extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(TaskListIndexes.class);
    static final String TABLE = "ACT_RU_IDENTITYLINK";
    static final String INDEX = "IX_TASKLIST_GROUP_TASK";

    private DataSource dataSource;

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        this.dataSource = configuration.getDataSource();
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        try (Connection c = dataSource.getConnection()) {
            if (exists(c.getMetaData(), c.getCatalog())) {
                return;
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE INDEX " + INDEX + " ON " + TABLE + " (GROUP_ID_, TYPE_, TASK_ID_)");
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            log.info("created index {} on {} for the task list", INDEX, TABLE);
        } catch (SQLException e) {
            // the list still works without it, only slower
            log.warn("could not create index {} on {}: {}", INDEX, TABLE, e.getMessage());
        }
    }

    private static boolean exists(DatabaseMetaData md, String catalog) throws SQLException {
        for (String table : new String[] {TABLE, TABLE.toLowerCase()}) {
            try (ResultSet rs = md.getIndexInfo(catalog, null, table, false, true)) {
                while (rs.next()) {
                    if (INDEX.equalsIgnoreCase(rs.getString("INDEX_NAME"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
