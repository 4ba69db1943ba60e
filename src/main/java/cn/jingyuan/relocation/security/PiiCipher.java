package cn.jingyuan.relocation.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Encrypts personal data for storage (AES-256-GCM with a random 96-bit IV, stored as base64 of IV + ciphertext,
 * prefixed with the key version {@code v1:}) and derives the keyed hash that lookups and duplicate checks use.
 * The embedded default runs with a published demo key; the {@code mysql} profile refuses to start with it
 * unless {@code relocation.pii.allow-demo-key=true}.
 */
@Component
public class PiiCipher {

    /** The demo keys of application.yml; they protect nothing and must never guard real data. */
    static final String DEMO_ENCRYPTION_KEY = "ZGVtby1rZXktanlyZWxvY2F0aW9uLTIwMjQtMDAwMDA=";
    static final String DEMO_HASH_KEY = "ZGVtby1oYXNoLWtleS1qaW5neXVhbi1yZWxvY2F0aW9u";

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec aesKey;
    private final SecretKeySpec hmacKey;
    private final SecureRandom random = new SecureRandom();

    public PiiCipher(PiiProperties properties, Environment environment) {
        if (properties.encryptionKey() == null || properties.hashKey() == null) {
            throw new IllegalStateException("relocation.pii.encryption-key and relocation.pii.hash-key must be set");
        }
        boolean demo = DEMO_ENCRYPTION_KEY.equals(properties.encryptionKey()) || DEMO_HASH_KEY.equals(properties.hashKey());
        if (demo && environment.matchesProfiles("mysql") && !properties.allowDemoKey()) {
            throw new IllegalStateException("The mysql profile will not store personal data under the published demo key: "
                    + "set RELOCATION_PII_ENCRYPTION_KEY and RELOCATION_PII_HASH_KEY (base64, 32 bytes each), "
                    + "or relocation.pii.allow-demo-key=true for a throw-away database.");
        }
        byte[] aes = Base64.getDecoder().decode(properties.encryptionKey());
        if (aes.length != 32) {
            throw new IllegalStateException("relocation.pii.encryption-key must be base64 of exactly 32 bytes, got " + aes.length);
        }
        byte[] hmac = Base64.getDecoder().decode(properties.hashKey());
        if (hmac.length < 32) {
            throw new IllegalStateException("relocation.pii.hash-key must be base64 of at least 32 bytes, got " + hmac.length);
        }
        this.aesKey = new SecretKeySpec(aes, "AES");
        this.hmacKey = new SecretKeySpec(hmac, "HmacSHA256");
    }

    public String encrypt(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, iv));
            byte[] ct = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalStateException("unknown cipher text version");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed (wrong key?)", e);
        }
    }

    /** Keyed hash (HMAC-SHA256, hex) for lookups: equal inputs give equal hashes, and nobody without the key can test guesses. */
    public String hash(String plain) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmacKey);
            return HexFormat.of().formatHex(mac.doFinal(plain.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("hashing failed", e);
        }
    }
}
