package cn.jingyuan.relocation.security;

import java.util.Arrays;
import java.util.stream.Collectors;

import cn.jingyuan.relocation.shared.ApiException;

/** Role checks for the web layer: a 403 that names the roles which may do the thing. */
public final class Access {

    private Access() {
    }

    public static void require(CurrentUser user, Role... allowed) {
        if (!user.hasAny(allowed)) {
            throw ApiException.forbidden("此操作仅限:" + Arrays.stream(allowed).map(Role::label).collect(Collectors.joining("、"))
                    + " (not allowed for " + user.id() + ")");
        }
    }
}
