package cn.jingyuan.relocation.worklist.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Indexes on the engine's own tables that its schema lacks and this application's load needs. Flyway runs before the
 * engine creates its tables, so they are created once the engine is built, when missing; Camunda's schema updates
 * leave foreign indexes alone.
 */
@Component
class EngineIndexes extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(EngineIndexes.class);

    /** One index: its table, name and columns, and what it is for. */
    record Index(String table, String name, List<String> columns, String purpose) {
    }

    static final List<Index> INDEXES = List.of(
            // a township member's list starts from the candidate links of their groups: with (group, type, task) in one
            // index it reads them without touching the table
            new Index("ACT_RU_IDENTITYLINK", "IX_TASKLIST_GROUP_TASK", List.of("GROUP_ID_", "TYPE_", "TASK_ID_"), "the task list"),
            // every completed step asks for its subtasks (select * from ACT_RU_TASK where PARENT_TASK_ID_ = ?): without an
            // index that reads every open step of the county, 0.1 to 0.4 s per completion with 100,000 open cases
            new Index("ACT_RU_TASK", "IX_TASK_PARENT_TASK", List.of("PARENT_TASK_ID_"), "completing steps"));

    private DataSource dataSource;

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        this.dataSource = configuration.getDataSource();
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        for (Index index : INDEXES) {
            try (Connection c = dataSource.getConnection()) {
                if (exists(c.getMetaData(), c.getCatalog(), index)) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE INDEX " + index.name() + " ON " + index.table() + " (" + String.join(", ", index.columns()) + ")");
                }
                if (!c.getAutoCommit()) {
                    c.commit();
                }
                log.info("created index {} on {} for {}", index.name(), index.table(), index.purpose());
            } catch (SQLException e) {
                // everything still works without it, only slower
                log.warn("could not create index {} on {}: {}", index.name(), index.table(), e.getMessage());
            }
        }
    }

    private static boolean exists(DatabaseMetaData md, String catalog, Index index) throws SQLException {
        for (String table : new String[] {index.table(), index.table().toLowerCase()}) {
            try (ResultSet rs = md.getIndexInfo(catalog, null, table, false, true)) {
                while (rs.next()) {
                    if (index.name().equalsIgnoreCase(rs.getString("INDEX_NAME"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
