package cn.jingyuan.relocation.steps.internal;

import java.time.LocalDateTime;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/** step_cosigner: 加签 and 减签 of a step, and each co-signer's opinion. */
@Mapper
public interface CosignerMapper {

    void insert(CosignerRow row);

    /** Present co-signers (not removed) of a step, in the order they were added. */
    List<CosignerRow> findPresent(@Param("taskId") String taskId);

    /** Present co-signers of a step who have not given their opinion yet. */
    long countOwing(@Param("taskId") String taskId);

    int remove(@Param("id") long id, @Param("at") LocalDateTime at);

    int giveOpinion(@Param("id") long id, @Param("opinion") String opinion, @Param("at") LocalDateTime at);

    /** One row of step_cosigner. */
    class CosignerRow {
        public Long id;
        public String taskId;
        public String userId;
        public String addedBy;
        public LocalDateTime addedAt;
        public String opinion;
        public LocalDateTime opinionAt;
        public LocalDateTime removedAt;
    }
}
