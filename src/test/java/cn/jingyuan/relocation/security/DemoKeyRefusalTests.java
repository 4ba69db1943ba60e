package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The published demo keys protect only the embedded H2: on any other database they are refused whatever the profile
 * is called and whatever else is set (no switch lets them through), and real keys are accepted everywhere.
 */
class DemoKeyRefusalTests {

    static final String MARIADB = "jdbc:mysql://127.0.0.1:3306/relocation?characterEncoding=UTF-8";
    static final String REAL_KEY = Base64.getEncoder().encodeToString("a-real-key-of-thirty-two-bytes!!".getBytes());
    static final String REAL_HASH_KEY = Base64.getEncoder().encodeToString("a-real-hash-key-of-32-bytes-....".getBytes());

    private static MockEnvironment environment(String url, String... profiles) {
        MockEnvironment env = new MockEnvironment();
        if (url != null) {
            env.setProperty("spring.datasource.url", url);
        }
        env.setActiveProfiles(profiles);
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "mysql", "prod", "default", "h2"})
    void theDemoKeysAreRefusedOnMariaDbWhateverTheProfileIsCalled(String profile) {
        MockEnvironment env = profile.isEmpty() ? environment(MARIADB) : environment(MARIADB, profile);
        // the switch that once let them through is gone: setting it changes nothing
        env.setProperty("relocation.pii.allow-demo-key", "true");

        assertThatThrownBy(() -> new PiiCipher(new PiiProperties(PiiCipher.DEMO_ENCRYPTION_KEY, PiiCipher.DEMO_HASH_KEY), env))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RELOCATION_PII_ENCRYPTION_KEY").hasMessageContaining("demo key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:tcp://db.internal:9092/relocation", "jdbc:h2:ssl://db.internal/relocation",
            "jdbc:mariadb://127.0.0.1/relocation", "jdbc:postgresql://127.0.0.1/relocation"})
    void theDemoKeysAreRefusedOnEveryDatabaseButTheEmbeddedH2(String url) {
        assertThatThrownBy(() -> new PiiCipher(new PiiProperties(PiiCipher.DEMO_ENCRYPTION_KEY, PiiCipher.DEMO_HASH_KEY), environment(url)))
                .isInstanceOf(IllegalStateException.class);
        // one of the two demo keys is as bad as both
        assertThatThrownBy(() -> new PiiCipher(new PiiProperties(REAL_KEY, PiiCipher.DEMO_HASH_KEY), environment(url)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new PiiCipher(new PiiProperties(PiiCipher.DEMO_ENCRYPTION_KEY, REAL_HASH_KEY), environment(url)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noDatabaseUrlIsNotTheEmbeddedH2() {
        assertThatThrownBy(() -> new PiiCipher(new PiiProperties(PiiCipher.DEMO_ENCRYPTION_KEY, PiiCipher.DEMO_HASH_KEY), environment(null)))
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:file:./data/relocation;MODE=MySQL;DB_CLOSE_ON_EXIT=FALSE", "jdbc:h2:mem:relocation-it;MODE=MySQL",
            "JDBC:H2:./data/relocation"})
    void theEmbeddedH2AcceptsTheDemoKeys(String url) {
        PiiCipher cipher = new PiiCipher(new PiiProperties(PiiCipher.DEMO_ENCRYPTION_KEY, PiiCipher.DEMO_HASH_KEY), environment(url));
        assertThat(cipher.decrypt(cipher.encrypt("640424199001011234"))).isEqualTo("640424199001011234");
    }

    @Test
    void realKeysAreAcceptedOnMariaDb() {
        PiiCipher cipher = new PiiCipher(new PiiProperties(REAL_KEY, REAL_HASH_KEY, List.of()), environment(MARIADB, "mysql"));
        assertThat(cipher.decrypt(cipher.encrypt("13995001234"))).isEqualTo("13995001234");
    }
}
