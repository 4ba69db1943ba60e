package cn.jingyuan.relocation.steps.internal;

import java.time.LocalDateTime;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/** step_copy: 抄送 of a completed step to the people configured for it. */
@Mapper
public interface CopyMapper {

    void insert(CopyRow row);

    List<CopyRow> findByRecipient(@Param("recipientId") String recipientId, @Param("unread") Boolean unread,
                                  @Param("offset") int offset, @Param("limit") int limit);

    long countByRecipient(@Param("recipientId") String recipientId, @Param("unread") Boolean unread);

    int markRead(@Param("id") long id, @Param("recipientId") String recipientId, @Param("at") LocalDateTime at);

    CopyRow findById(@Param("id") long id);

    /** One row of step_copy. */
    class CopyRow {
        public Long id;
        public String recipientId;
        public String caseNo;
        public String taskId;
        public String taskKey;
        public String stepName;
        public String fromId;
        public LocalDateTime createdAt;
        public LocalDateTime readAt;
    }
}
