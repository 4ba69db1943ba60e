package cn.jingyuan.relocation.security;

import java.security.Principal;
import java.util.List;
import java.util.Set;

/**
 * The person behind a request: their Camunda user id, display name, roles, groups and, for township roles,
 * their township's slug. County-wide roles have no township and see the whole county.
 */
public record CurrentUser(String id, String displayName, Set<Role> roles, List<String> groups, String townshipSlug)
        implements Principal, java.io.Serializable {

    public CurrentUser {
        roles = Set.copyOf(roles);
        groups = List.copyOf(groups);
    }

    @Override
    public String getName() {
        return id;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Role... any) {
        for (Role r : any) {
            if (roles.contains(r)) {
                return true;
            }
        }
        return false;
    }

    /** True for roles that see the whole county (admin, officer, finance, leaders). */
    public boolean isCountyWide() {
        return townshipSlug == null;
    }

    /** Whether this user may see records of the township with this slug. */
    public boolean maySee(String townshipSlugOfRecord) {
        return isCountyWide() || townshipSlug.equals(townshipSlugOfRecord);
    }

    /** A system actor for work nobody started by hand (timers, demo data, start-up). */
    public static CurrentUser system() {
        return new CurrentUser("system", "系统", Set.of(Role.ADMIN), List.of(Groups.ADMIN), null);
    }
}
