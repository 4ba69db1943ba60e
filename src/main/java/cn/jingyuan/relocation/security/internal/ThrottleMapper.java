package cn.jingyuan.relocation.security.internal;

import java.time.LocalDateTime;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

@Mapper
public interface ThrottleMapper {

    @Select("SELECT user_id, source, failures, last_failure_at, locked_until FROM login_throttle WHERE user_id = #{userId} AND source = #{source}")
    ThrottleRow find(@Param("userId") String userId, @Param("source") String source);

    /** One atomic statement: the first attempt creates the row, every later one adds to it under the row's lock. */
    @Insert("INSERT INTO login_throttle (user_id, source, failures, last_failure_at) VALUES (#{userId}, #{source}, 1, #{at}) "
            + "ON DUPLICATE KEY UPDATE failures = failures + 1, last_failure_at = #{at}")
    void count(@Param("userId") String userId, @Param("source") String source, @Param("at") LocalDateTime at);

    /** Starts a count again whose last failure is older than {@code before} and that holds no lock still running. */
    @Update("UPDATE login_throttle SET failures = 0 WHERE user_id = #{userId} AND source = #{source} AND last_failure_at < #{before} "
            + "AND (locked_until IS NULL OR locked_until < #{before})")
    int lapse(@Param("userId") String userId, @Param("source") String source, @Param("before") LocalDateTime before);

    /** Sets the lock, never shortening one already set further. */
    @Update("UPDATE login_throttle SET locked_until = #{until} WHERE user_id = #{userId} AND source = #{source} "
            + "AND (locked_until IS NULL OR locked_until < #{until})")
    int lock(@Param("userId") String userId, @Param("source") String source, @Param("until") LocalDateTime until);

    @Delete("DELETE FROM login_throttle WHERE user_id = #{userId} AND source = #{source}")
    int reset(@Param("userId") String userId, @Param("source") String source);

    /** Every count of an account, from every address (a password reset or change by the administrator). */
    @Delete("DELETE FROM login_throttle WHERE user_id = #{userId}")
    int resetAll(@Param("userId") String userId);
}
