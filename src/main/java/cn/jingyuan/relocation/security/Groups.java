package cn.jingyuan.relocation.security;

import java.util.Optional;

/**
 * The Camunda group ids behind the roles. County roles are one group each; township roles are one group per
 * township, named by the township's slug ({@code tf-huanghua}, {@code lead-huanghua}). BPMN candidate groups use
 * these names.
 */
public final class Groups {

    public static final String ADMIN = "camunda-admin";
    public static final String OFFICER = "officer";
    public static final String FINANCE = "finance";
    public static final String DEPUTY = "deputy";
    public static final String HEAD = "head";
    /** Both leaders: the deputy county head and the county head. */
    public static final String LEADERS = "leaders";
    /** Scrapers of /actuator/prometheus: no role, no data, nothing else. */
    public static final String METRICS = "metrics";
    public static final String TASK_FORCE_PREFIX = "tf-";
    public static final String TOWNSHIP_LEAD_PREFIX = "lead-";

    private Groups() {
    }

    public static String taskForce(String townshipSlug) {
        return TASK_FORCE_PREFIX + townshipSlug;
    }

    public static String townshipLead(String townshipSlug) {
        return TOWNSHIP_LEAD_PREFIX + townshipSlug;
    }

    /** The role a group stands for, if it stands for one. */
    public static Optional<Role> roleOf(String groupId) {
        return Optional.ofNullable(switch (groupId) {
            case ADMIN -> Role.ADMIN;
            case OFFICER -> Role.OFFICER;
            case FINANCE -> Role.FINANCE;
            case DEPUTY -> Role.DEPUTY;
            case HEAD -> Role.HEAD;
            default -> groupId.startsWith(TASK_FORCE_PREFIX) ? Role.TASK_FORCE
                    : groupId.startsWith(TOWNSHIP_LEAD_PREFIX) ? Role.TOWNSHIP_LEAD : null;
        });
    }

    /** The township slug of a township group, if it is one. */
    public static Optional<String> townshipOf(String groupId) {
        if (groupId.startsWith(TASK_FORCE_PREFIX)) {
            return Optional.of(groupId.substring(TASK_FORCE_PREFIX.length()));
        }
        if (groupId.startsWith(TOWNSHIP_LEAD_PREFIX)) {
            return Optional.of(groupId.substring(TOWNSHIP_LEAD_PREFIX.length()));
        }
        return Optional.empty();
    }
}
