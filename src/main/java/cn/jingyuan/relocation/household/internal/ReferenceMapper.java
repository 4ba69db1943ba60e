package cn.jingyuan.relocation.household.internal;

import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

import cn.jingyuan.relocation.household.Township;

@Mapper
public interface ReferenceMapper {

    @Select("SELECT code, name, slug FROM township ORDER BY sort_order")
    List<Township> findTownships();

    List<VillageRow> findVillages(@Param("townshipCode") String townshipCode);

    VillageRow findVillage(long id);

    List<VillageRow> findVillagesByIds(@Param("ids") Collection<Long> ids);

    void insertVillage(VillageRow row);

    int updateVillageCadre(@Param("id") long id, @Param("cadreUserId") String cadreUserId);

    List<HazardSiteRow> findHazardSites(@Param("townshipCode") String townshipCode);

    void insertHazardSite(HazardSiteRow row);
}
