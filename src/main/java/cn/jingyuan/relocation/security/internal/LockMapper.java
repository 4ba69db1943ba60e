package cn.jingyuan.relocation.security.internal;

import java.time.LocalDateTime;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

@Mapper
public interface LockMapper {

    @Select("SELECT user_id, failures, last_failure_at, locked_until FROM account_lock WHERE user_id = #{userId}")
    LockRow find(String userId);

    @Insert("INSERT INTO account_lock (user_id, failures, last_failure_at) VALUES (#{userId}, 0, #{at})")
    void create(@Param("userId") String userId, @Param("at") LocalDateTime at);

    @Update("UPDATE account_lock SET failures = failures + 1, last_failure_at = #{at} WHERE user_id = #{userId}")
    int fail(@Param("userId") String userId, @Param("at") LocalDateTime at);

    @Update("UPDATE account_lock SET locked_until = #{until} WHERE user_id = #{userId}")
    int lock(@Param("userId") String userId, @Param("until") LocalDateTime until);

    @Delete("DELETE FROM account_lock WHERE user_id = #{userId}")
    int reset(String userId);
}
