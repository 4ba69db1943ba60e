package cn.jingyuan.relocation.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.security.internal.AccountStateMapper;
import cn.jingyuan.relocation.security.internal.AccountStateRow;

/**
 * Checks a user name and password against Camunda's identity service (bcrypt) and turns the account into a
 * {@link CurrentUser} principal with one authority per role ({@code ROLE_OFFICER}) and per group
 * ({@code GROUP_tf-huanghua}).
 * <p>
 * Every attempt reads the account's current password hash and state from the database first, so a changed or reset
 * password, a disabled account or a changed role takes effect at the next request on every node. Every attempt is
 * counted by the {@link LoginThrottle} (per account and source address) before its password is looked at; an
 * unknown account costs the same bcrypt check and gets the same answers as a real one. A password verified
 * against the very hash now stored is remembered (as a salted digest), so scripts calling with HTTP Basic do not pay
 * for bcrypt on every request; the throttle still decides for their address.
 */
@Component
class CamundaAuthenticationProvider implements AuthenticationProvider {

    private static final String BAD = "用户名或密码错误";

    private final AccountDirectory accounts;
    private final AccountStateMapper states;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final byte[] salt = new byte[32];
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(10);
    /** What an unknown account's password is checked against, so that it takes as long as a real one's. */
    private final String decoy;

    /** A password once verified: the digest of (account, password, the hash it was verified against). */
    private record Verified(String digest, int version, CurrentUser user) {
    }

    CamundaAuthenticationProvider(AccountDirectory accounts, AccountStateMapper states, LoginThrottle throttle, Clock clock) {
        this.accounts = accounts;
        this.states = states;
        this.throttle = throttle;
        this.clock = clock;
        new SecureRandom().nextBytes(salt);
        this.decoy = bcrypt.encode("decoy-" + System.nanoTime());
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String userId = authentication.getName();
        Object credentials = authentication.getCredentials();
        if (userId == null || userId.isBlank() || credentials == null || userId.length() > 64) {
            throw new BadCredentialsException(BAD);
        }
        String password = credentials.toString();
        String source = source(authentication);
        AccountStateRow state = states.find(userId);

        Verified v = verified.get(userId);
        if (state != null && v != null && v.version == state.version && v.digest.equals(digest(userId, password, state.passwordHash))) {
            throttle.admit(userId, source).ifPresent(r -> {
                throw throttled(r);
            });
            return issued(state, v.user);
        }

        LoginThrottle.Attempt attempt = throttle.begin(userId, source);
        if (attempt.refused()) {
            bcrypt.matches(password, decoy); // a refusal costs what a check costs: its timing tells nothing either
            throw throttled(attempt.refusal());
        }
        boolean right;
        if (state != null) {
            right = accounts.checkPassword(userId, password);
        } else {
            bcrypt.matches(password, decoy); // as long as a real account's check
            right = false;
        }
        if (!right) {
            verified.remove(userId);
            throttle.failed(userId, source, attempt.number());
            throw new BadCredentialsException(BAD);
        }
        throttle.succeeded(userId, source);
        CurrentUser user = accounts.load(userId).orElseThrow(() -> new BadCredentialsException(BAD));
        verified.put(userId, new Verified(digest(userId, password, state.passwordHash), state.version, user));
        return issued(state, user);
    }

    private Authentication issued(AccountStateRow state, CurrentUser user) {
        if (!state.enabled) {
            throw new DisabledException("账号已停用 (the account is disabled)");
        }
        UsernamePasswordAuthenticationToken token = authenticated(user);
        token.setDetails(AccountStamp.of(state));
        return token;
    }

    private LoginThrottledException throttled(LoginThrottle.Refusal r) {
        return new LoginThrottledException(r.retryAfterSeconds(LocalDateTime.now(clock)));
    }

    /** The address the attempt came from, as the servlet container saw it. */
    private static String source(Authentication authentication) {
        if (authentication.getDetails() instanceof WebAuthenticationDetails d && d.getRemoteAddress() != null) {
            String a = d.getRemoteAddress();
            return a.length() > 64 ? a.substring(0, 64) : a;
        }
        return "unknown";
    }

    private String digest(String userId, String password, String hash) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            md.update(userId.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(password.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(String.valueOf(hash).getBytes(StandardCharsets.UTF_8));
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
