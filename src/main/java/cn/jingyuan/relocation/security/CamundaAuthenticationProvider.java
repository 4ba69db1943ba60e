package cn.jingyuan.relocation.security;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks a user name and password against Camunda's identity service and turns the account into a
 * {@link CurrentUser} principal with one authority per role ({@code ROLE_OFFICER}) and per group
 * ({@code GROUP_tf-huanghua}).
 */
@Component
class CamundaAuthenticationProvider implements AuthenticationProvider {

    private final AccountDirectory accounts;

    CamundaAuthenticationProvider(AccountDirectory accounts) {
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String userId = authentication.getName();
        Object credentials = authentication.getCredentials();
        if (userId == null || userId.isBlank() || credentials == null) {
            throw new BadCredentialsException("用户名或密码错误");
        }
        if (!accounts.checkPassword(userId, credentials.toString())) {
            throw new BadCredentialsException("用户名或密码错误");
        }
        CurrentUser user = accounts.load(userId).orElseThrow(() -> new BadCredentialsException("用户名或密码错误"));
        return authenticated(user);
    }

    static UsernamePasswordAuthenticationToken authenticated(CurrentUser user) {
        List<SimpleGrantedAuthority> authorities = new java.util.ArrayList<>();
        user.roles().forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r.name())));
        user.groups().forEach(g -> authorities.add(new SimpleGrantedAuthority("GROUP_" + g)));
        return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
