package cn.jingyuan.relocation.steps;

/** A step a case may be returned to: one it has visited, with whoever completed it last (who gets it again). */
public record ReturnTarget(String taskKey, String name, String lastAssignee, String lastAssigneeName) {
}
