package cn.jingyuan.relocation.worklist;

import java.util.List;

/** Open and overdue tasks per member of a township's working group, and the group's unclaimed ones. */
public record Workload(String townshipCode, String townshipName, List<Member> members, int unassignedOpen, int unassignedOverdue) {

    public record Member(String userId, String name, String role, int open, int overdue) {
    }
}
