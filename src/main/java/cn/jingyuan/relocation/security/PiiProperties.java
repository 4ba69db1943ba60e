package cn.jingyuan.relocation.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Keys for personal data at rest: {@code encryptionKey} (AES-256-GCM, base64 of 32 bytes) encrypts identity and
 * phone numbers; {@code previousEncryptionKeys} still decrypt what an earlier key encrypted, until the re-encryption
 * command ({@code relocation.pii.reencrypt=true}, see README) has moved every value to the current key;
 * {@code hashKey} (base64, at least 32 bytes) keys the HMAC-SHA256 used to look them up.
 * The published demo keys of the embedded default are refused on any other database ({@link PiiCipher}).
 */
@ConfigurationProperties("relocation.pii")
public record PiiProperties(String encryptionKey, String hashKey, List<String> previousEncryptionKeys) {

    @ConstructorBinding
    public PiiProperties {
        previousEncryptionKeys = previousEncryptionKeys == null ? List.of() : List.copyOf(previousEncryptionKeys);
    }

    public PiiProperties(String encryptionKey, String hashKey) {
        this(encryptionKey, hashKey, List.of());
    }
}
