package cn.jingyuan.relocation.security;

import cn.jingyuan.relocation.shared.Coded;

/**
 * What a member of the working group does. Each role is a Camunda group (township roles one group per
 * township), so the webapps, the engine REST API and {@code /api} agree on who is who.
 */
public enum Role implements Coded {
    ADMIN("系统管理员"),
    OFFICER("县自然资源局经办人"),
    FINANCE("县财政局"),
    DEPUTY("分管副县长"),
    HEAD("县长"),
    TASK_FORCE("乡镇工作专班"),
    TOWNSHIP_LEAD("乡镇分管领导");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public boolean isTownshipRole() {
        return this == TASK_FORCE || this == TOWNSHIP_LEAD;
    }

    public boolean isLeader() {
        return this == DEPUTY || this == HEAD;
    }
}
