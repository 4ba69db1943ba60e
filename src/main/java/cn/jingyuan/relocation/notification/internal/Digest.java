package cn.jingyuan.relocation.notification.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.jingyuan.relocation.calendar.WorkingDays;
import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.notification.OutboundMessage;
import cn.jingyuan.relocation.security.Groups;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.TimeConfig;

/**
 * The morning digest (每日待办汇总), on working days: for each township's group chat, and the county offices', one
 * line per person with open steps: how many they can do (held by them, or waiting unclaimed in one of their
 * groups) and how many of those are overdue. People with nothing open are left out; a chat with nobody to tell
 * gets nothing.
 */
@Service
public class Digest {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");
    private static final List<String> COUNTY_GROUPS = List.of(Groups.OFFICER, Groups.FINANCE, Groups.DEPUTY, Groups.HEAD);

    private final TaskService tasks;
    private final WorkingDays workingDays;
    private final TownshipDirectory townships;
    private final Directory directory;
    private final Outbox outbox;

    Digest(TaskService tasks, WorkingDays workingDays, TownshipDirectory townships, Directory directory, Outbox outbox) {
        this.tasks = tasks;
        this.workingDays = workingDays;
        this.townships = townships;
        this.directory = directory;
        this.outbox = outbox;
    }

    /** One person's line: open steps and how many of them are overdue. */
    public record Line(String name, String role, long open, long overdue) {
    }

    /** Queues the digests of the day; returns how many messages (none on a day off). */
    @Transactional
    public int send(Instant now) {
        LocalDate today = now.atZone(TimeConfig.COUNTY_ZONE).toLocalDate();
        if (!workingDays.isWorkingDay(today)) {
            return 0;
        }
        int sent = 0;
        for (Map.Entry<String, String> chat : chats().entrySet()) {
            List<Line> lines = lines(chat.getKey(), now);
            if (!lines.isEmpty()) {
                for (String part : markdown(chat.getValue(), today, lines)) {
                    outbox.enqueue(new OutboundMessage(chat.getKey(), OutboundMessage.Format.MARKDOWN, part));
                    sent++;
                }
            }
        }
        return sent;
    }

    /** The group chats by target, with the name the digest gives them. */
    Map<String, String> chats() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Township t : townships.all()) {
            out.put(t.slug(), t.name());
        }
        out.put(OutboundMessage.COUNTY, "县直部门");
        return out;
    }

    /** The people of a chat with something open, in the order of their groups. */
    public List<Line> lines(String chat, Instant now) {
        List<String> groups = OutboundMessage.COUNTY.equals(chat) ? COUNTY_GROUPS : List.of(Groups.taskForce(chat), Groups.townshipLead(chat));
        Set<String> people = new LinkedHashSet<>();
        Map<String, String> roleOf = new LinkedHashMap<>();
        for (String g : groups) {
            for (String u : directory.members(g)) {
                people.add(u);
                roleOf.putIfAbsent(u, Groups.roleOf(g).map(Role::label).orElse(""));
            }
        }
        Map<String, String> names = directory.names(people);
        Date at = Date.from(now);
        List<Line> out = new ArrayList<>();
        for (String u : people) {
            List<String> own = directory.groupsOf(u);
            long open = count(q -> q.taskAssignee(u)) + (own.isEmpty() ? 0 : count(q -> q.taskCandidateGroupIn(own).taskUnassigned()));
            if (open == 0) {
                continue;
            }
            long overdue = count(q -> q.taskAssignee(u).dueBefore(at))
                    + (own.isEmpty() ? 0 : count(q -> q.taskCandidateGroupIn(own).taskUnassigned().dueBefore(at)));
            out.add(new Line(names.get(u), roleOf.get(u), open, overdue));
        }
        return out;
    }

    private long count(java.util.function.UnaryOperator<TaskQuery> query) {
        return directory.unchecked(() -> query.apply(tasks.createTaskQuery().active()).count());
    }

    /** The digest as WeCom markdown, split where one message would pass the robot's 4096-byte limit. */
    static List<String> markdown(String chatName, LocalDate day, List<Line> lines) {
        String head = "### 每日待办汇总 · " + DATE.format(day) + "\n**" + chatName + "**\n";
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder(head);
        for (Line l : lines) {
            String line = "> " + l.name() + (l.role().isEmpty() ? "" : "(" + l.role() + ")") + ":待办 **" + l.open() + "** 件"
                    + (l.overdue() > 0 ? ",其中<font color=\"warning\">逾期 " + l.overdue() + " 件</font>" : "") + "\n";
            if ((part + line).getBytes(StandardCharsets.UTF_8).length > WeComWebhookChannel.MARKDOWN_LIMIT) {
                parts.add(part.toString());
                part = new StringBuilder(head);
            }
            part.append(line);
        }
        parts.add(part.toString());
        return parts;
    }
}
