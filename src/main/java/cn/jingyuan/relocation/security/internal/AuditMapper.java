package cn.jingyuan.relocation.security.internal;

import java.time.LocalDateTime;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/** Insert and read only: the audit trail is append-only, and this mapper is its only door. */
@Mapper
public interface AuditMapper {

    void insert(AuditRow row);

    List<AuditRow> find(@Param("entity") String entity, @Param("entityId") String entityId, @Param("actor") String actor,
                        @Param("from") LocalDateTime from, @Param("to") LocalDateTime to, @Param("offset") int offset,
                        @Param("limit") int limit);

    long count(@Param("entity") String entity, @Param("entityId") String entityId, @Param("actor") String actor,
               @Param("from") LocalDateTime from, @Param("to") LocalDateTime to);
}
