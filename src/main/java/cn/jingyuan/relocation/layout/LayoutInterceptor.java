package cn.jingyuan.relocation.layout;

import java.util.stream.Collectors;

import org.springframework.lang.NonNull;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.notification.NotificationService;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Role;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Adds the {@link LayoutModel} ({@code layout}) to every full page a logged-in user gets: only when a view is
 * rendered, so API answers and redirects never pay for it, and not for htmx fragments, which have no header.
 */
@Component
class LayoutInterceptor implements HandlerInterceptor {

    private final Navigation navigation;
    private final TownshipDirectory townships;
    private final NotificationService notifications;

    LayoutInterceptor(Navigation navigation, TownshipDirectory townships, NotificationService notifications) {
        this.navigation = navigation;
        this.townships = townships;
        this.notifications = notifications;
    }

    @Override
    public void postHandle(@NonNull HttpServletRequest request, @NonNull HttpServletResponse response, @NonNull Object handler,
                           ModelAndView mav) {
        if (mav == null || !mav.hasView() && mav.getViewName() == null || isRedirect(mav) || request.getHeader("HX-Request") != null) {
            return;
        }
        CurrentUsers.find().ifPresent(user -> mav.addObject("layout", model(user, request.getRequestURI().substring(request.getContextPath().length()))));
    }

    LayoutModel model(CurrentUser user, String path) {
        String township = user.townshipSlug() == null ? "县级" : townships.find(user.townshipSlug()).map(Township::name).orElse("");
        String roles = user.roles().stream().sorted().map(Role::label).collect(Collectors.joining("、"));
        var nav = navigation.visibleTo(user).stream()
                .map(i -> new LayoutModel.Entry(i.label(), i.path(), path.equals(i.path()) || path.startsWith(i.path() + "/")))
                .toList();
        return new LayoutModel(user.displayName(), township, roles, notifications.unreadCount(user), nav);
    }

    private static boolean isRedirect(ModelAndView mav) {
        String name = mav.getViewName();
        return name != null && (name.startsWith("redirect:") || name.startsWith("forward:"));
    }

}
