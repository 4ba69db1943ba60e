package cn.jingyuan.relocation.annualplan.internal;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
public interface RolloverMapper {

    void insert(RolloverRow row);

    RolloverRow find(long id);

    List<RolloverRow> findByYear(int fromYear);

    int updateStatus(@Param("id") long id, @Param("status") String status, @Param("expected") String expected,
                     @Param("confirmedBy") String confirmedBy, @Param("confirmedAt") LocalDateTime confirmedAt,
                     @Param("finishedAt") LocalDateTime finishedAt);

    /** Open cases of a plan year (still in it and not closed), in id order, from {@code afterId} on. */
    List<OpenCaseRow> openCases(@Param("year") int year, @Param("afterId") long afterId, @Param("limit") int limit);

    /** Carry-over records for these households, skipping any that exist already (idempotent). */
    int insertCarryOvers(@Param("ids") Collection<Long> householdIds, @Param("fromYear") int fromYear, @Param("toYear") int toYear,
                         @Param("reason") String reason, @Param("rolloverId") long rolloverId, @Param("by") String by,
                         @Param("at") LocalDateTime at);

    int countCarried(@Param("rolloverId") long rolloverId);
}
