package cn.jingyuan.relocation.security.internal;

/** An account as the login needs it, read at every login: Camunda's password hash and our {@code account_state}. */
public class AccountStateRow {
    public String userId;
    public String passwordHash;
    public boolean enabled;
    public boolean mustChangePassword;
    public int version;
    public String phoneCipher;
}
