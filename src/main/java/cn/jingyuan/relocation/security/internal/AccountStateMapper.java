package cn.jingyuan.relocation.security.internal;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

@Mapper
public interface AccountStateMapper {

    /** The account's password hash and state; an account without a state row is enabled, version 0. */
    @Select("SELECT u.ID_ AS user_id, u.PWD_ AS password_hash, COALESCE(s.enabled, TRUE) AS enabled, "
            + "COALESCE(s.must_change_password, FALSE) AS must_change_password, COALESCE(s.version, 0) AS version, s.phone_cipher "
            + "FROM ACT_ID_USER u LEFT JOIN account_state s ON s.user_id = u.ID_ WHERE u.ID_ = #{userId}")
    AccountStateRow find(String userId);

    @Select({"<script>SELECT u.ID_ AS user_id, COALESCE(s.enabled, TRUE) AS enabled, COALESCE(s.must_change_password, FALSE) AS must_change_password,",
            " COALESCE(s.version, 0) AS version, s.phone_cipher FROM ACT_ID_USER u LEFT JOIN account_state s ON s.user_id = u.ID_",
            " WHERE u.ID_ IN <foreach item='id' collection='ids' open='(' separator=',' close=')'>#{id}</foreach></script>"})
    List<AccountStateRow> findAll(@Param("ids") Collection<String> ids);

    @Select("SELECT COUNT(*) FROM account_state WHERE user_id = #{userId}")
    int exists(String userId);

    @Insert("INSERT INTO account_state (user_id, enabled, must_change_password, version, phone_cipher, updated_at, updated_by) "
            + "VALUES (#{userId}, TRUE, FALSE, 0, NULL, #{at}, #{by})")
    void create(@Param("userId") String userId, @Param("at") LocalDateTime at, @Param("by") String by);

    @Update("UPDATE account_state SET enabled = #{enabled}, version = version + 1, updated_at = #{at}, updated_by = #{by} WHERE user_id = #{userId}")
    int setEnabled(@Param("userId") String userId, @Param("enabled") boolean enabled, @Param("at") LocalDateTime at, @Param("by") String by);

    @Update("UPDATE account_state SET must_change_password = #{must}, version = version + 1, updated_at = #{at}, updated_by = #{by} WHERE user_id = #{userId}")
    int setMustChangePassword(@Param("userId") String userId, @Param("must") boolean must, @Param("at") LocalDateTime at, @Param("by") String by);

    @Update("UPDATE account_state SET phone_cipher = #{phone}, version = version + 1, updated_at = #{at}, updated_by = #{by} WHERE user_id = #{userId}")
    int setPhone(@Param("userId") String userId, @Param("phone") String phoneCipher, @Param("at") LocalDateTime at, @Param("by") String by);

    /** Any other change of the account (its name or role): the version tells every node to read it again. */
    @Update("UPDATE account_state SET version = version + 1, updated_at = #{at}, updated_by = #{by} WHERE user_id = #{userId}")
    int touch(@Param("userId") String userId, @Param("at") LocalDateTime at, @Param("by") String by);
}
