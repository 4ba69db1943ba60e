package cn.jingyuan.relocation.household.internal;

import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
public interface MemberMapper {

    List<MemberRow> findByHouseholdIds(@Param("ids") Collection<Long> householdIds);

    void insertAll(@Param("rows") List<MemberRow> rows);

    int deleteByHousehold(long householdId);

    /** The masked identity number of each household's head, as rows of household id and masked number. */
    List<MemberRow> findHeads(@Param("ids") Collection<Long> householdIds);

    /** Who among these people is already in an open household. */
    List<ActivePerson> findActive(@Param("hashes") Collection<String> idHashes);

    /** Closes or reopens a household's members for the one-open-household rule. */
    int setActive(@Param("householdId") long householdId, @Param("active") boolean active);
}
