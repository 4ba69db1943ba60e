package cn.jingyuan.relocation.annualplan.internal;

import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/** case_tally and case_tally_part (see V072): the statistics' counters and what each household added to them. */
@Mapper
public interface TallyMapper {

    /** How the counters must change for these households: their parts now less what they added last, in key order. */
    List<TallyRow> findChanges(@Param("ids") Collection<Long> householdIds);

    int deleteParts(@Param("ids") Collection<Long> householdIds);

    int insertParts(@Param("ids") Collection<Long> householdIds);

    /** The year's figures by township, stage and mode, as StatisticsMapper.figures reads them from the cases. */
    List<FigureRow> figures(@Param("year") int year, @Param("townshipCode") String townshipCode);

    List<PaidRow> paid(@Param("year") int year, @Param("townshipCode") String townshipCode);
}
