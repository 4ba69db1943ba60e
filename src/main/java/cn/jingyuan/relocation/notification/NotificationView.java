package cn.jingyuan.relocation.notification;

import java.time.LocalDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One message of 我的消息: {@code type} is a {@link cn.jingyuan.relocation.worklist.NoticeType} code. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationView(long id, String type, String typeLabel, String title, String caseNo, String taskId,
                               LocalDateTime createdAt, boolean read) {
}
