package cn.jingyuan.relocation.notification.process;

/**
 * {@code bpmn/daily-reminders.bpmn}: every morning at 08:30 (county time) the engine starts one instance from its
 * timer; the job executor's locking runs it on exactly one node of a cluster. It tells the holders of steps due by
 * the next working day or overdue (DUE_SOON, OVERDUE), then queues the digest of each person's open steps for the
 * group chats. Each step is an asynchronous service task: a failure is retried and then an incident in Cockpit.
 */
public final class DailyRemindersProcess {

    public static final String PROCESS_ID = "DailyRemindersProcess";
    public static final String START_EVENT_EVERY_MORNING = "StartEvent_EveryMorning";
    public static final String TASK_NOTIFY_DEADLINES = "Task_NotifyDeadlines";
    public static final String TASK_URGE_OVERDUE = "Task_UrgeOverdue";
    public static final String TASK_SEND_DIGEST = "Task_SendDigest";
    public static final String END_EVENT_REMINDERS_SENT = "EndEvent_RemindersSent";

    /** Counts the run leaves on its instance, for Cockpit. */
    public static final String VAR_DUE_SOON = "dueSoonNotified";
    public static final String VAR_OVERDUE = "overdueNotified";
    public static final String VAR_DIGESTS = "digestsQueued";

    private DailyRemindersProcess() {
    }
}
