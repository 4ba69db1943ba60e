package cn.jingyuan.relocation.notification.internal;

import java.time.LocalDateTime;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
public interface OutboxMapper {

    void insert(OutboxRow row);

    /** Pending messages whose time has come and that nobody holds, oldest first. */
    List<Long> findDue(@Param("now") LocalDateTime now, @Param("limit") int limit);

    /** Takes the message for this node until {@code until}; 1 when this node got it, 0 when another node was first. */
    int claim(@Param("id") long id, @Param("now") LocalDateTime now, @Param("until") LocalDateTime until);

    OutboxRow findById(long id);

    void markDelivered(@Param("id") long id, @Param("at") LocalDateTime at);

    void markFailed(@Param("id") long id, @Param("status") String status, @Param("nextAttemptAt") LocalDateTime nextAttemptAt,
                    @Param("error") String error);
}
