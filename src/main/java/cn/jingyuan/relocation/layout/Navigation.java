package cn.jingyuan.relocation.layout;

import java.util.Comparator;
import java.util.List;

import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.security.CurrentUser;

/** Every page's {@link NavItem}, and where each user starts. */
@Component
public class Navigation {

    /** Where a user lands whom no page claims. */
    public static final String DEFAULT_LANDING = "/workbench";

    private final List<NavItem> items;

    Navigation(List<NavItem> items) {
        this.items = items.stream().sorted(Comparator.comparingInt(NavItem::order).thenComparing(NavItem::path)).toList();
    }

    public List<NavItem> visibleTo(CurrentUser user) {
        return items.stream().filter(i -> i.visibleTo(user)).toList();
    }

    public String landingOf(CurrentUser user) {
        return items.stream().filter(i -> i.isLandingOf(user)).map(NavItem::path).findFirst().orElse(DEFAULT_LANDING);
    }
}
