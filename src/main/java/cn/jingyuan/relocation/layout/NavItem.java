package cn.jingyuan.relocation.layout;

import java.util.Set;

import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.Role;

/**
 * One entry of the pages' navigation. A feature that adds a page declares one {@code @Bean NavItem} for it; the
 * layout shows each user the entries of their roles, in {@code order}. {@code landingFor} names the roles that
 * land on this page after logging in (the lowest {@code order} wins when several pages claim a role).
 *
 * @param label      the entry's text (Chinese)
 * @param path       where it leads, e.g. {@code /workbench}; also marks the entry active on pages below it
 * @param order      position in the navigation, small first
 * @param roles      who sees the entry; empty: everyone logged in
 * @param landingFor roles whose start page this is
 */
public record NavItem(String label, String path, int order, Set<Role> roles, Set<Role> landingFor) {

    public NavItem {
        roles = Set.copyOf(roles);
        landingFor = Set.copyOf(landingFor);
    }

    public static NavItem of(String label, String path, int order, Role... roles) {
        return new NavItem(label, path, order, Set.of(roles), Set.of());
    }

    /** The same entry, as the start page of these roles. */
    public NavItem landingFor(Role... landing) {
        return new NavItem(label, path, order, roles, Set.of(landing));
    }

    public boolean visibleTo(CurrentUser user) {
        return roles.isEmpty() || roles.stream().anyMatch(user::has);
    }

    public boolean isLandingOf(CurrentUser user) {
        return landingFor.stream().anyMatch(user::has) && visibleTo(user);
    }
}
