package cn.jingyuan.relocation.relocationcase.internal;

import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
public interface CaseEventMapper {

    void insert(CaseEventRow row);

    void insertAll(@Param("rows") List<CaseEventRow> rows);

    List<CaseEventRow> findByHousehold(long householdId);
}
