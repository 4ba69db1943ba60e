package cn.jingyuan.relocation.security;

import org.camunda.bpm.engine.impl.digest.PasswordEncryptor;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Camunda stores user passwords through this: bcrypt instead of the engine's salted SHA-512, so a stolen
 * ACT_ID_USER table is expensive to crack. Stored as {@code {BCRYPT}$2a$10$...}.
 */
class BcryptPasswordEncryptor implements PasswordEncryptor {

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(10);

    @Override
    public String encrypt(String password) {
        return bcrypt.encode(password);
    }

    @Override
    public boolean check(String password, String encrypted) {
        return encrypted != null && bcrypt.matches(password, encrypted);
    }

    @Override
    public String hashAlgorithmName() {
        return "BCRYPT";
    }
}
