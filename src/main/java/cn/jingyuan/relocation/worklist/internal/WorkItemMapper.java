package cn.jingyuan.relocation.worklist.internal;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/** work_item: written by {@link WorkItemListener} and the step operations, read by the lists and operations. */
@Mapper
public interface WorkItemMapper {

    void insert(WorkItemRow row);

    WorkItemRow findById(@Param("taskId") String taskId);

    int updateAssignee(@Param("taskId") String taskId, @Param("assignee") String assignee, @Param("ownerId") String ownerId,
                       @Param("touchedAt") LocalDateTime touchedAt);

    int updateDue(@Param("taskId") String taskId, @Param("dueAt") LocalDateTime dueAt, @Param("listDue") LocalDateTime listDue,
                  @Param("taskName") String taskName);

    int complete(@Param("taskId") String taskId, @Param("completedBy") String completedBy, @Param("at") LocalDateTime at,
                 @Param("ms") long ms);

    /**
     * Completes a step whose holder (and, {@code updated}, due date, name and candidate groups) changed in the completing
     * command: one statement instead of the updates and then the completion.
     */
    int completeHeld(@Param("taskId") String taskId, @Param("completedBy") String completedBy, @Param("at") LocalDateTime at,
                     @Param("ms") long ms, @Param("assignee") String assignee, @Param("ownerId") String ownerId,
                     @Param("touchedAt") LocalDateTime touchedAt, @Param("updated") boolean updated, @Param("dueAt") LocalDateTime dueAt,
                     @Param("listDue") LocalDateTime listDue, @Param("taskName") String taskName, @Param("candidateGroup") String candidateGroup);

    /** Ends an open step that did not complete (cancelled, returned, recalled); the reason stays once set. */
    int end(@Param("taskId") String taskId, @Param("state") String state, @Param("reason") String reason, @Param("at") LocalDateTime at);

    int setEndReason(@Param("taskId") String taskId, @Param("reason") String reason);

    int touch(@Param("taskId") String taskId, @Param("at") LocalDateTime at);

    int urge(@Param("taskId") String taskId, @Param("at") LocalDateTime at);

    /** Completions of a process instance still on its path (not undone by a return or recall), oldest first. */
    List<WorkItemRow> findCompletedOnPath(@Param("processInstanceId") String processInstanceId);

    List<WorkItemRow> findOpen(@Param("processInstanceId") String processInstanceId);

    /** Marks the completions from {@code since} on as undone: the case went back behind them. */
    int supersede(@Param("processInstanceId") String processInstanceId, @Param("sinceMs") long sinceMs);

    int markRecalled(@Param("taskId") String taskId);

    List<WorkItemRow> findDone(@Param("userId") String userId, @Param("afterMs") Long afterMs,
                               @Param("afterId") String afterId, @Param("offset") int offset, @Param("limit") int limit);

    long countDone(@Param("userId") String userId);

    List<WorkItemRow> findByIds(@Param("taskIds") Collection<String> taskIds);

    void insertCandidates(@Param("taskId") String taskId, @Param("groups") Collection<String> groups, @Param("listDue") LocalDateTime listDue,
                          @Param("createdAt") LocalDateTime createdAt, @Param("assignee") String assignee);

    int updateCandidateGroup(@Param("taskId") String taskId, @Param("candidateGroup") String candidateGroup);

    List<String> findCandidateGroups(@Param("taskId") String taskId);

    /** Deletes the step's candidate rows of these groups, or all of them when {@code groups} is null. */
    int deleteCandidates(@Param("taskId") String taskId, @Param("groups") Collection<String> groups);

    /** Copies the holder (and the list_due when not null) into the step's candidate rows. */
    int updateCandidates(@Param("taskId") String taskId, @Param("assignee") String assignee, @Param("listDue") LocalDateTime listDue);

    List<CandidateRow> findCandidates(@Param("taskIds") Collection<String> taskIds);

    /** A page of an open list (see the mapper XML for how each scope is read). */
    List<TaskRow> findList(@Param("f") TaskFilter filter, @Param("offset") int offset, @Param("limit") int limit);

    long countList(@Param("f") TaskFilter filter);

    /** Open and overdue steps of these candidate groups by holder (null: unheld). */
    List<WorkloadRow> workload(@Param("groups") Collection<String> groups, @Param("now") LocalDateTime now);

    /** Open steps overdue at {@code now} not urged since {@code urgedBefore}, at most {@code limit}. */
    List<WorkItemRow> findOverdueToUrge(@Param("now") LocalDateTime now, @Param("urgedBefore") LocalDateTime urgedBefore,
                                        @Param("limit") int limit);
}
