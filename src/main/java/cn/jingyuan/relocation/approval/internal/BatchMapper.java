package cn.jingyuan.relocation.approval.internal;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
public interface BatchMapper {

    void insert(BatchRow row);

    BatchRow findById(long id);

    /** The batch row, locked until the transaction ends (decisions and withdrawals on one batch take turns). */
    BatchRow findByIdForUpdate(long id);

    List<BatchRow> findByYear(@Param("year") Integer year, @Param("status") String status);

    int updateStatus(@Param("id") long id, @Param("status") String status, @Param("documentNo") String documentNo,
                     @Param("decidedAt") LocalDateTime decidedAt, @Param("version") int version);

    int updateProcessInstance(@Param("id") long id, @Param("processInstanceId") String processInstanceId,
                              @Param("needsHead") Boolean needsHead);

    int updateNeedsHead(@Param("id") long id, @Param("needsHead") boolean needsHead);

    void insertCases(@Param("rows") List<BatchCaseRow> rows);

    List<BatchCaseRow> findCases(long batchId);

    /** Cases among these households that are in an undecided batch now. */
    List<BatchCaseRow> findOpen(@Param("householdIds") Collection<Long> householdIds);

    int setOutcome(@Param("batchId") long batchId, @Param("caseNos") Collection<String> caseNos, @Param("outcome") String outcome,
                   @Param("opinion") String opinion, @Param("onlyPending") boolean onlyPending);

    /** The batch is decided (or withdrawn): its cases may join another batch. */
    int release(long batchId);

    void insertDecision(DecisionRow row);

    List<DecisionRow> findDecisions(long batchId);
}
