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

import cn.jingyuan.relocation.shared.DemoMode;

/**
 * Encrypts personal data for storage (AES-256-GCM with a random 96-bit IV, stored as base64 of IV + ciphertext,
 * prefixed with {@code v2:} and the key's id, the first 8 hex digits of the key's SHA-256: {@code v2:1a2b3c4d:...})
 * and derives the keyed hash that lookups and duplicate checks use. Values are decrypted with the key they name:
 * the current one or one of {@code relocation.pii.previous-encryption-keys} (key rotation; values of the first
 * format, {@code v1:}, name no key and are tried with each).
 * The embedded default runs with a published demo key; on any other database (whatever the profile is called: the
 * datasource URL decides, see {@link DemoMode#embeddedH2}) the application refuses to start with it.
 */
@Component
public class PiiCipher {

    /** The demo keys of application.yml; they protect nothing and must never guard real data. */
    static final String DEMO_ENCRYPTION_KEY = "ZGVtby1rZXktanlyZWxvY2F0aW9uLTIwMjQtMDAwMDA=";
    static final String DEMO_HASH_KEY = "ZGVtby1oYXNoLWtleS1qaW5neXVhbi1yZWxvY2F0aW9u";

    private static final String LEGACY = "v1:";
    private static final String PREFIX = "v2:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec aesKey;
    private final String keyId;
    /** Every key that may decrypt: the current one first, then the previous ones, by key id. */
    private final java.util.Map<String, SecretKeySpec> keys = new java.util.LinkedHashMap<>();
    private final SecretKeySpec hmacKey;
    private final SecureRandom random = new SecureRandom();
    /**
     * One Cipher and one Mac per thread, made once: getting them from the provider costs more than using them (a
     * ledger import encrypts and hashes tens of thousands of values, on every core), and neither may be shared
     * between threads. The Cipher is initialised with its key and a fresh IV for every value; the Mac is keyed
     * once and reset by each doFinal.
     */
    private static final ThreadLocal<Cipher> AES = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    });
    private final ThreadLocal<Mac> hmac;

    public PiiCipher(PiiProperties properties, Environment environment) {
        if (properties.encryptionKey() == null || properties.hashKey() == null) {
            throw new IllegalStateException("relocation.pii.encryption-key and relocation.pii.hash-key must be set");
        }
        boolean demo = DEMO_ENCRYPTION_KEY.equals(properties.encryptionKey()) || DEMO_HASH_KEY.equals(properties.hashKey());
        if (demo && !DemoMode.embeddedH2(environment)) {
            throw new IllegalStateException("Personal data is stored under the published demo key only in the embedded H2 database, not in "
                    + environment.getProperty("spring.datasource.url") + ": set RELOCATION_PII_ENCRYPTION_KEY and RELOCATION_PII_HASH_KEY "
                    + "(base64 of 32 random bytes each, e.g. `head -c32 /dev/urandom | base64`) and keep them safe.");
        }
        byte[] aes = aesKey(properties.encryptionKey(), "relocation.pii.encryption-key");
        byte[] hmac = Base64.getDecoder().decode(properties.hashKey());
        if (hmac.length < 32) {
            throw new IllegalStateException("relocation.pii.hash-key must be base64 of at least 32 bytes, got " + hmac.length);
        }
        this.aesKey = new SecretKeySpec(aes, "AES");
        this.keyId = keyId(aes);
        keys.put(keyId, aesKey);
        for (String previous : properties.previousEncryptionKeys()) {
            byte[] old = aesKey(previous, "relocation.pii.previous-encryption-keys");
            keys.putIfAbsent(keyId(old), new SecretKeySpec(old, "AES"));
        }
        this.hmacKey = new SecretKeySpec(hmac, "HmacSHA256");
        this.hmac = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(hmacKey);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        });
    }

    public String encrypt(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = AES.get();
            cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, iv));
            byte[] ct = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + keyId + ":" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        if (stored.startsWith(PREFIX) && stored.length() > PREFIX.length() + 9) {
            String id = stored.substring(PREFIX.length(), PREFIX.length() + 8);
            SecretKeySpec key = keys.get(id);
            if (key == null) {
                throw new IllegalStateException("no key " + id + " among the current and previous encryption keys");
            }
            try {
                return decrypt(key, stored.substring(PREFIX.length() + 9));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("decryption failed (wrong key?)", e);
            }
        }
        if (!stored.startsWith(LEGACY)) {
            throw new IllegalStateException("unknown cipher text version");
        }
        GeneralSecurityException last = null;
        for (SecretKeySpec key : keys.values()) {
            try {
                return decrypt(key, stored.substring(LEGACY.length()));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new IllegalStateException("decryption failed (wrong key?)", last);
    }

    /** What cipher text of either format looks like, and nothing a person types does. */
    private static final java.util.regex.Pattern CIPHER_TEXT = java.util.regex.Pattern.compile("v2:[0-9a-f]{8}:[A-Za-z0-9+/]{24,}={0,2}|v1:[A-Za-z0-9+/]{24,}={0,2}");

    /** Whether {@code stored} is cipher text of this class (under any key), not a value kept in the clear. */
    public static boolean isEncrypted(String stored) {
        return stored != null && CIPHER_TEXT.matcher(stored).matches();
    }

    /**
     * Decrypts cipher text and hands back anything else as it is: for columns that held text in the clear before they
     * were encrypted (the case history, {@code case_event}), whose older rows a migration encrypts once.
     */
    public String decryptText(String stored) {
        return isEncrypted(stored) ? decrypt(stored) : stored;
    }

    /** Whether {@code stored} is encrypted with the current key (the re-encryption leaves those alone). */
    public boolean isCurrent(String stored) {
        return stored != null && stored.startsWith(currentPrefix());
    }

    /** What every value encrypted with the current key starts with. */
    public String currentPrefix() {
        return PREFIX + keyId + ":";
    }

    private static String decrypt(SecretKeySpec key, String base64) throws GeneralSecurityException {
        byte[] all = Base64.getDecoder().decode(base64);
        Cipher cipher = AES.get();
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
        return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
    }

    private static byte[] aesKey(String base64, String property) {
        byte[] aes = Base64.getDecoder().decode(base64);
        if (aes.length != 32) {
            throw new IllegalStateException(property + " must be base64 of exactly 32 bytes, got " + aes.length);
        }
        return aes;
    }

    private static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keyed hash (HMAC-SHA256, hex) for lookups: equal inputs give equal hashes, and nobody without the key can test guesses. */
    public String hash(String plain) {
        return HexFormat.of().formatHex(hmac.get().doFinal(plain.getBytes(StandardCharsets.UTF_8)));
    }
}
