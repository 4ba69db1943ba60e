package cn.jingyuan.relocation.worklist.internal;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/**
 * The one read-only window on the engine's runtime tables (ACT_RU_TASK, ACT_RU_IDENTITYLINK, ACT_RE_PROCDEF):
 * task lists joined with the households in one SQL query, so a township's list does not walk the engine.
 * Writes to tasks always go through the engine's TaskService.
 */
@Mapper
public interface TaskListMapper {

    List<TaskRow> find(@Param("f") TaskFilter filter, @Param("offset") int offset, @Param("limit") int limit);

    long count(@Param("f") TaskFilter filter);

    List<CandidateRow> candidates(@Param("taskIds") Collection<String> taskIds);

    List<WorkloadRow> workload(@Param("groups") Collection<String> groups, @Param("now") LocalDateTime now);

    /** A candidate group (or user) of a task. */
    class CandidateRow {
        public String taskId;
        public String groupId;
        public String userId;
    }
}
