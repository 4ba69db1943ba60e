package cn.jingyuan.relocation.notification.internal;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
public interface NotificationMapper {

    List<NotificationRow> findByRecipient(@Param("recipientId") String recipientId, @Param("unreadOnly") boolean unreadOnly,
                                          @Param("offset") int offset, @Param("limit") int limit);

    long countByRecipient(@Param("recipientId") String recipientId, @Param("unreadOnly") boolean unreadOnly);

    NotificationRow findById(long id);

    int markRead(@Param("id") long id, @Param("recipientId") String recipientId, @Param("at") LocalDateTime at);

    int markAllRead(@Param("recipientId") String recipientId, @Param("at") LocalDateTime at);

    /** Of these steps, those that already had a notice of this type (the daily check tells each step once). */
    List<String> notifiedTaskIds(@Param("type") String type, @Param("taskIds") Collection<String> taskIds);
}
