package cn.jingyuan.relocation.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keys for personal data at rest: {@code encryptionKey} (AES-256-GCM, base64 of 32 bytes) encrypts identity and
 * phone numbers; {@code hashKey} (base64, at least 32 bytes) keys the HMAC-SHA256 used to look them up.
 * {@code allowDemoKey} lets the demo keys of the embedded default be used outside it (tests only).
 */
@ConfigurationProperties("relocation.pii")
public record PiiProperties(String encryptionKey, String hashKey, boolean allowDemoKey) {
}
