package cn.jingyuan.relocation.household.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
public interface HouseholdMapper {

    HouseholdRow findById(long id);

    HouseholdRow findByCaseNo(String caseNo);

    List<HouseholdRow> findPage(@Param("q") ListFilter filter, @Param("offset") int offset, @Param("limit") int limit);

    long count(@Param("q") ListFilter filter);

    /** Households of the given origin or plan year whose heads have these keyed hashes (import matching). */
    List<HouseholdRow> findByHeads(@Param("year") int year, @Param("headHashes") Collection<String> headHashes);

    /** Every household of a plan year in a township (or all townships), for exports; case order. */
    List<HouseholdRow> findForExport(@Param("year") int year, @Param("townshipCode") String townshipCode);

    void insertAll(@Param("rows") List<HouseholdRow> rows);

    List<HouseholdRow> findByCaseNos(@Param("caseNos") Collection<String> caseNos);

    List<HouseholdRow> findByIds(@Param("ids") Collection<Long> ids);

    List<HouseholdRow> findByProcessInstanceIds(@Param("ids") Collection<String> processInstanceIds);

    List<HouseholdRow> findByYearAndStage(@Param("year") int year, @Param("stage") String stage);

    List<HouseholdRow> findIdsByCaseNos(@Param("caseNos") Collection<String> caseNos);

    int update(HouseholdRow row);

    int updateStage(@Param("id") long id, @Param("stage") String stage, @Param("closed") boolean closed,
                    @Param("closedAt") LocalDateTime closedAt, @Param("updatedBy") String updatedBy, @Param("updatedAt") LocalDateTime updatedAt);

    int updateProcessInstance(@Param("id") long id, @Param("processInstanceId") String processInstanceId);

    int updateMilestone(@Param("id") long id, @Param("column") String column, @Param("date") LocalDate date,
                        @Param("updatedBy") String updatedBy, @Param("updatedAt") LocalDateTime updatedAt);

    int updateAssessment(@Param("id") long id, @Param("eligible") Boolean eligible, @Param("priority") Integer priority,
                         @Param("subsidyAmount") java.math.BigDecimal subsidyAmount);

    int updateAgreement(@Param("id") long id, @Param("mode") String mode, @Param("subsidyAmount") java.math.BigDecimal subsidyAmount,
                        @Param("agreementDate") LocalDate agreementDate, @Param("updatedBy") String updatedBy,
                        @Param("updatedAt") LocalDateTime updatedAt);

    int updateClassification(@Param("id") long id, @Param("category") String category, @Param("riskLevel") String riskLevel,
                             @Param("updatedBy") String updatedBy, @Param("updatedAt") LocalDateTime updatedAt);

    int updateDemolitionOverdue(@Param("id") long id, @Param("overdue") boolean overdue);

    int movePlanYear(@Param("ids") Collection<Long> ids, @Param("fromYear") int fromYear, @Param("toYear") int toYear,
                     @Param("updatedBy") String updatedBy, @Param("updatedAt") LocalDateTime updatedAt);

    /**
     * Locks these households' rows for the rest of the transaction, in id order (two lockers of overlapping sets never
     * wait on each other in a circle); the ids of those that exist.
     */
    List<Long> lockByIds(@Param("ids") Collection<Long> ids);

    /** Open households that have no case yet (registered, case not opened). */
    List<Long> findWithoutCase(@Param("limit") int limit);
}
