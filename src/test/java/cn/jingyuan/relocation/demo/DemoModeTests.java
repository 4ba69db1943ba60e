package cn.jingyuan.relocation.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import cn.jingyuan.relocation.shared.DemoMode;

/**
 * Demo accounts and data: by default only on the embedded H2; on any other database, whatever the profile, only
 * when asked for ({@code RELOCATION_DEMO=true}), and then the start-up log warns in capitals.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoModeTests {

    static final String H2_FILE = "jdbc:h2:file:./data/relocation;MODE=MySQL";
    static final String MARIADB = "jdbc:mysql://127.0.0.1:3306/relocation";

    private static MockEnvironment environment(String url, String demo, String... profiles) {
        MockEnvironment env = new MockEnvironment().withProperty("spring.datasource.url", url);
        if (demo != null) {
            env.setProperty(DemoMode.PROPERTY, demo);
        }
        env.setActiveProfiles(profiles);
        return env;
    }

    @ParameterizedTest(name = "{0} demo={1} profile={2}: {3}")
    @CsvSource(nullValues = "null", value = {
            "jdbc:h2:file:./data/relocation, null, null, true",
            "jdbc:h2:file:./data/relocation, auto, null, true",
            "jdbc:h2:mem:relocation-it, auto, null, true",
            "jdbc:h2:file:./data/relocation, false, null, false",
            "jdbc:mysql://127.0.0.1:3306/relocation, null, null, false",
            "jdbc:mysql://127.0.0.1:3306/relocation, auto, prod, false",
            "jdbc:mysql://127.0.0.1:3306/relocation, null, mysql, false",
            "jdbc:h2:tcp://db.internal/relocation, auto, null, false",
            "jdbc:mysql://127.0.0.1:3306/relocation, true, prod, true",
            "jdbc:mysql://127.0.0.1:3306/relocation, TRUE, mysql, true",
    })
    void demoIsLoadedOnTheEmbeddedH2OrWhenAskedFor(String url, String demo, String profile, boolean loaded) {
        MockEnvironment env = profile == null ? environment(url, demo) : environment(url, demo, profile);
        assertThat(DemoMode.enabled(env)).isEqualTo(loaded);
    }

    @Test
    void anythingButTrueFalseOrAutoIsRefused() {
        assertThatThrownBy(() -> DemoMode.enabled(environment(MARIADB, "yes"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RELOCATION_DEMO");
    }

    @Test
    void demoAskedForOnARealDatabaseIsWarnedInCapitals(CapturedOutput output) {
        DemoWarning warning = new DemoWarning(environment(MARIADB, "true", "prod"));

        assertThat(warning.warns()).isTrue();
        assertThat(output.getOut() + output.getErr()).contains("WARN").contains("DEMO MODE ON A REAL DATABASE")
                .contains("THE DEMO ACCOUNTS (PASSWORD \"demo\") AND THE DEMO DATA ARE LOADED INTO " + MARIADB);
    }

    @Test
    void noWarningOnTheEmbeddedH2OrWithoutTheDemo(CapturedOutput output) {
        assertThat(new DemoWarning(environment(H2_FILE, "true")).warns()).isFalse();
        assertThat(new DemoWarning(environment(MARIADB, null, "mysql")).warns()).isFalse();
        assertThat(output.getOut() + output.getErr()).doesNotContain("DEMO MODE ON A REAL DATABASE");
    }
}
