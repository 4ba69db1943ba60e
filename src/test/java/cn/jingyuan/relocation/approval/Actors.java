package cn.jingyuan.relocation.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUser;

/**
 * People acting in a test without HTTP: accounts created in Camunda's identity service (password {@code demo}, as
 * the demo accounts) and work done as one of them, with the same principal an /api request of theirs would carry.
 */
public final class Actors {

    private Actors() {
    }

    /** Creates the account with these group memberships unless it exists. */
    public static void ensure(IdentityService identity, String userId, String lastName, String... groups) {
        if (identity.createUserQuery().userId(userId).count() == 0) {
            User u = identity.newUser(userId);
            u.setLastName(lastName);
            u.setFirstName("");
            u.setPassword("demo");
            identity.saveUser(u);
        }
        for (String g : groups) {
            if (identity.createUserQuery().userId(userId).memberOfGroup(g).count() == 0) {
                identity.createMembership(userId, g);
            }
        }
    }

    /** Does {@code work} as {@code userId}, signed in as for an /api request. */
    public static <T> T as(AccountDirectory accounts, String userId, Supplier<T> work) {
        return as(user(accounts, userId), work);
    }

    /** Does {@code work} as {@code user} (an account loaded once), signed in as for an /api request. */
    public static <T> T as(CurrentUser user, Supplier<T> work) {
        List<SimpleGrantedAuthority> authorities = new ArrayList<>();
        user.roles().forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r.name())));
        user.groups().forEach(g -> authorities.add(new SimpleGrantedAuthority("GROUP_" + g)));
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, authorities));
        try {
            return work.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    public static void run(AccountDirectory accounts, String userId, Runnable work) {
        as(accounts, userId, () -> {
            work.run();
            return null;
        });
    }

    /** The principal of {@code userId} (for services that take the caller as an argument). */
    public static CurrentUser user(AccountDirectory accounts, String userId) {
        return accounts.load(userId).orElseThrow(() -> new IllegalArgumentException("no account " + userId));
    }
}
