package cn.jingyuan.relocation.relocationcase.internal;

import java.util.List;

import org.apache.ibatis.annotations.Mapper;

@Mapper
public interface CaseEventMapper {

    void insert(CaseEventRow row);

    List<CaseEventRow> findByHousehold(long householdId);
}
