package cn.jingyuan.relocation.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks a user name and password against Camunda's identity service (bcrypt) and turns the account into a
 * {@link CurrentUser} principal with one authority per role ({@code ROLE_OFFICER}) and per group
 * ({@code GROUP_tf-huanghua}). A locked account is refused before its password is looked at; failures count
 * towards the lock. A verified password is remembered for a few minutes (as a salted digest), so scripts calling
 * with HTTP Basic do not pay for bcrypt on every request.
 */
@Component
class CamundaAuthenticationProvider implements AuthenticationProvider {

    private static final Duration REMEMBER = Duration.ofMinutes(5);

    private final AccountDirectory accounts;
    private final LoginThrottle throttle;
    private final byte[] salt = new byte[32];
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(String digest, long until, CurrentUser user) {
    }

    CamundaAuthenticationProvider(AccountDirectory accounts, LoginThrottle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
        new SecureRandom().nextBytes(salt);
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String userId = authentication.getName();
        Object credentials = authentication.getCredentials();
        if (userId == null || userId.isBlank() || credentials == null) {
            throw new BadCredentialsException("用户名或密码错误");
        }
        String digest = digest(userId, credentials.toString());
        Verified v = verified.get(userId);
        if (v != null && v.digest.equals(digest) && v.until > System.currentTimeMillis()) {
            return authenticated(v.user);
        }
        throttle.lockedUntil(userId).ifPresent(until -> {
            throw new LockedException("账号因连续登录失败已锁定至" + until.format(DateTimeFormatter.ofPattern("HH:mm")));
        });
        if (!accounts.checkPassword(userId, credentials.toString())) {
            verified.remove(userId);
            if (accounts.exists(userId)) {
                throttle.failed(userId);
            }
            throw new BadCredentialsException("用户名或密码错误");
        }
        throttle.succeeded(userId);
        CurrentUser user = accounts.load(userId).orElseThrow(() -> new BadCredentialsException("用户名或密码错误"));
        verified.put(userId, new Verified(digest, System.currentTimeMillis() + REMEMBER.toMillis(), user));
        return authenticated(user);
    }

    private String digest(String userId, String password) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            md.update(userId.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(password.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static UsernamePasswordAuthenticationToken authenticated(CurrentUser user) {
        List<SimpleGrantedAuthority> authorities = new ArrayList<>();
        user.roles().forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r.name())));
        user.groups().forEach(g -> authorities.add(new SimpleGrantedAuthority("GROUP_" + g)));
        return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
