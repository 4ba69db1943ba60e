package cn.jingyuan.relocation.security;

import cn.jingyuan.relocation.security.internal.AccountStateRow;

/**
 * What a login remembers of the account it was for (kept as the authentication's details): the password hash it was
 * checked against and the account's version. A browser session whose account has another hash or version now (a
 * changed or reset password, disabled, another role) ends at its next request, on whichever node it lands.
 */
public record AccountStamp(String passwordHash, int version, boolean mustChangePassword) implements java.io.Serializable {

    public static AccountStamp of(AccountStateRow state) {
        return new AccountStamp(state.passwordHash, state.version, state.mustChangePassword);
    }

    /** Whether the account as it is now is still the one this stamp was made for, and may still log in. */
    boolean stillValid(AccountStateRow now) {
        return now != null && now.enabled && now.version == version && java.util.Objects.equals(now.passwordHash, passwordHash);
    }
}
