package cn.jingyuan.relocation.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.shared.FieldError;

/**
 * What a password a person chooses must be: at least {@value #MIN_LENGTH} characters, not the account id, not one of
 * the 1,000 most common passwords ({@code security/common-passwords.txt}, compared without regard to case). Also
 * makes the one-time passwords the administrator hands out.
 */
@Component
public class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 128;
    private static final String ONE_TIME_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    private final Set<String> common;
    private final SecureRandom random = new SecureRandom();

    public PasswordPolicy() {
        Set<String> list = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("/security/common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("security/common-passwords.txt is missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    list.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.common = Set.copyOf(list);
    }

    /** How many common passwords are refused (the list's length). */
    public int commonCount() {
        return common.size();
    }

    /** The rule {@code password} breaks for account {@code userId}, as the 400 names it; empty when it is acceptable. */
    public Optional<FieldError> check(String field, String userId, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of(FieldError.of(field, "密码至少" + MIN_LENGTH + "个字符 (at least " + MIN_LENGTH + " characters)"));
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of(FieldError.of(field, "密码不能超过" + MAX_LENGTH + "个字符 (at most " + MAX_LENGTH + " characters)"));
        }
        if (userId != null && password.strip().equalsIgnoreCase(userId)) {
            return Optional.of(FieldError.of(field, "密码不能与账号相同 (must not be the account id)"));
        }
        if (common.contains(password.strip().toLowerCase(Locale.ROOT))) {
            return Optional.of(FieldError.of(field, "密码过于常见,请换一个 (one of the 1,000 most common passwords)"));
        }
        return Optional.empty();
    }

    /** A one-time password: 14 characters without look-alikes (0/O, 1/l/I), to be changed at the first login. */
    public String oneTimePassword() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            sb.append(ONE_TIME_ALPHABET.charAt(random.nextInt(ONE_TIME_ALPHABET.length())));
        }
        return sb.toString();
    }
}
