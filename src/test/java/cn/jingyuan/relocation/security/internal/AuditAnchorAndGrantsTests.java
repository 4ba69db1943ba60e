package cn.jingyuan.relocation.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The hourly anchor line of the audit chain's head, and the start-up check of the database account's grants: which
 * {@code SHOW GRANTS} lines let the account drop (and so truncate) the application's tables.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditAnchorAndGrantsTests {

    @Test
    void theAnchorLineNamesTheChainsHeadAsVerifyTakesItBack(CapturedOutput output) {
        AuditChain chain = mock(AuditChain.class);
        String hash = "ab".repeat(32);
        when(chain.head()).thenReturn(new AuditChain.Head(4711, hash));

        new AuditChainAnchorLog(chain).logHead();

        assertThat(output.getOut()).contains("audit chain anchor: anchorSeq=4711 anchorHash=" + hash);
    }

    @Test
    void grantsThatLetTheAccountDropTheSchemasTablesAreFoundAndNoOthers() {
        // MariaDB's and MySQL's own wording, as SHOW GRANTS answers
        assertThat(DropPrivilegeWarning.dropGrant(List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"), "relocation"))
                .isPresent();
        assertThat(DropPrivilegeWarning.dropGrant(List.of("GRANT USAGE ON *.* TO `relocation`@`%`",
                "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER ON `relocation`.* TO `relocation`@`%`"), "relocation")).isPresent();
        assertThat(DropPrivilegeWarning.dropGrant(List.of("GRANT ALL PRIVILEGES ON `relocation`.* TO `relocation`@`%`"), "relocation")).isPresent();
        assertThat(DropPrivilegeWarning.dropGrant(List.of("GRANT DROP ON `relocation`.`audit_log` TO `relocation`@`%`"), "relocation")).isPresent();
        // the grants README gives, another schema's rights, and DROP ROLE are not
        assertThat(DropPrivilegeWarning.dropGrant(List.of("GRANT USAGE ON *.* TO `relocation`@`%` IDENTIFIED BY PASSWORD '*0123'",
                "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, REFERENCES ON `relocation`.* TO `relocation`@`%`",
                "GRANT ALL PRIVILEGES ON `staging`.* TO `relocation`@`%`", "GRANT DROP ROLE ON *.* TO `relocation`@`%`"), "relocation")).isEmpty();
    }
}
