package cn.jingyuan.relocation.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

import cn.jingyuan.relocation.shared.TimeConfig;

class TermTests {

    @Test
    void workingDaysAndCalendarTimeAreToldApartByTheirUnit() {
        assertThat(Term.valueOf("7WD").isWorkingDays()).isTrue();
        assertThat(Term.valueOf("7WD").workingDays()).isEqualTo(7);
        assertThat(Term.valueOf("P90D").isWorkingDays()).isFalse();
        assertThat(Term.valueOf(" P90D ").toString()).as("the engine reads the text").isEqualTo("P90D");
    }

    @Test
    void peopleReadTheTermInChineseWithoutTheIsoCode() {
        assertThat(Term.valueOf("7WD").label()).isEqualTo("7个工作日");
        assertThat(Term.valueOf("P90D").label()).isEqualTo("90天");
        assertThat(Term.valueOf("PT12H").label()).isEqualTo("12小时");
        assertThat(Term.valueOf("P1M15D").label()).isEqualTo("1个月15天");
        assertThat(Term.valueOf("P2W").label()).isEqualTo("14天");
    }

    @Test
    void calendarTimeIsAddedAsTheEngineAddsIt() {
        ZonedDateTime start = ZonedDateTime.of(2025, 1, 31, 9, 0, 0, 0, TimeConfig.COUNTY_ZONE);
        assertThat(Term.valueOf("P90D").addCalendarTime(start)).isEqualTo(start.plusDays(90));
        assertThat(Term.valueOf("P1M").addCalendarTime(start)).isEqualTo(ZonedDateTime.of(2025, 2, 28, 9, 0, 0, 0, TimeConfig.COUNTY_ZONE));
        assertThat(Term.valueOf("PT36H").addCalendarTime(start)).isEqualTo(start.plusHours(36));
    }

    @Test
    void aTermWithoutUnitOrWithAnUnknownOneIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Term.valueOf("15")).hasMessageContaining("15WD").hasMessageContaining("P15D");
        assertThatThrownBy(() -> Term.valueOf("7 days")).hasMessageContaining("neither working days");
        assertThatThrownBy(() -> Term.valueOf("-P1D")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Term.valueOf(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Term.isTerm("7WD")).isTrue();
        assertThat(Term.isTerm("WD")).isFalse();
    }
}
