package cn.jingyuan.relocation.annualplan.internal;

import java.time.LocalDateTime;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
public interface PlanMapper {

    void insert(PlanRow row);

    PlanRow find(int year);

    List<PlanRow> findAll();

    int updateStatus(@Param("year") int year, @Param("status") String status, @Param("approvedBy") String approvedBy,
                     @Param("approvedAt") LocalDateTime approvedAt);

    int updateProcessInstance(@Param("year") int year, @Param("processInstanceId") String processInstanceId);

    int updateNote(@Param("year") int year, @Param("note") String note);

    void insertTargets(@Param("rows") List<TargetRow> rows);

    int deleteTargets(int year);

    List<TargetRow> findTargets(int year);

    void insertSnapshot(@Param("year") int year, @Param("frozenAt") LocalDateTime frozenAt, @Param("statistics") String statistics);

    String findSnapshot(int year);
}
