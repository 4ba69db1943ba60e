package cn.jingyuan.relocation.household.internal;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

@Mapper
public interface CaseSequenceMapper {

    @Select("SELECT next_value FROM case_sequence WHERE plan_year = #{year}")
    Integer find(int year);

    @Insert("INSERT INTO case_sequence (plan_year, next_value) VALUES (#{year}, 1)")
    void create(int year);

    /** Takes {@code count} numbers; the row stays locked until the transaction ends, so numbers never repeat. */
    @Update("UPDATE case_sequence SET next_value = next_value + #{count} WHERE plan_year = #{year}")
    int advance(@Param("year") int year, @Param("count") int count);
}
