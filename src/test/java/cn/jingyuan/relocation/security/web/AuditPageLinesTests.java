package cn.jingyuan.relocation.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditPageLinesTests {

    @Test
    void anEngineIdIsNotShownButADomainIdIs() {
        assertThat(AuditPageController.shown("a05ba590-ec9c-11f1-a950-02fc00000001")).isNull();
        assertThat(AuditPageController.shown("640424-2025-0001")).isEqualTo("640424-2025-0001");
        assertThat(AuditPageController.shown("12")).isEqualTo("12");
        assertThat(AuditPageController.shown(null)).isNull();
    }

    @Test
    void engineIdsInASummaryAreReplacedByWords() {
        assertThat(AuditPageController.withoutEngineIds("退回 a05ba590-ec9c-11f1-a950-02fc00000001 到核实认定"))
                .isEqualTo("退回 (流程内部编号) 到核实认定");
    }
}
