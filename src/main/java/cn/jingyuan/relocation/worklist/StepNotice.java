package cn.jingyuan.relocation.worklist;

import java.util.Set;

/**
 * Something happened to a step that people should hear about: a new step for them or their group, a return, an
 * urge, a copy, a delegation, a co-signature asked for, a step due tomorrow or overdue. Published as a Spring
 * application event inside the transaction of the change that caused it; the notification feature listens, writes
 * the in-app messages (我的消息) in that same transaction and queues the outbound ones, so a notice exists exactly
 * when its cause committed, and a failed outbound send never rolls the step back.
 *
 * @param type          what happened
 * @param userIds       people to tell (account ids)
 * @param groupIds      groups whose members to tell (candidate groups of a step nobody holds)
 * @param title         the message as shown, in Chinese, without codes or account ids
 * @param caseNo        the case it concerns, if any
 * @param taskId        the step it concerns, if any
 * @param townshipSlug  the township of the case, if any (outbound channels are configured per township)
 * @param actorId       who caused it; {@code null} for the system (timers, the daily check)
 */
public record StepNotice(NoticeType type, Set<String> userIds, Set<String> groupIds, String title, String caseNo,
                         String taskId, String townshipSlug, String actorId) {

    public StepNotice {
        userIds = userIds == null ? Set.of() : Set.copyOf(userIds);
        groupIds = groupIds == null ? Set.of() : Set.copyOf(groupIds);
        if (type == null || title == null || title.isBlank()) {
            throw new IllegalArgumentException("a notice needs a type and a title");
        }
    }
}
