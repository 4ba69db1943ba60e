package cn.jingyuan.relocation.annualplan.internal;

import java.time.LocalDate;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/**
 * Read-only SQL aggregates for plans and reports over the registry (household), the case payments
 * (subsidy_payment) and the carry-overs: statistics come from the domain tables, never from the engine.
 */
@Mapper
public interface StatisticsMapper {

    List<FigureRow> figures(@Param("year") int year, @Param("from") LocalDate from, @Param("to") LocalDate to,
                            @Param("townshipCode") String townshipCode);

    /** The year's cases (registered for it or carried into it) that moved in during the year, by month. */
    List<MonthRow> movedInByMonth(@Param("year") int year, @Param("from") LocalDate from, @Param("to") LocalDate to,
                                  @Param("townshipCode") String townshipCode);

    List<PaidRow> paid(@Param("year") int year, @Param("townshipCode") String townshipCode);

    List<ReportLineRow> reportLines(@Param("year") int year, @Param("townshipCode") String townshipCode);
}
