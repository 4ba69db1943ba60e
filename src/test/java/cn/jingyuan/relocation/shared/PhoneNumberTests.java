package cn.jingyuan.relocation.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTests {

    @ParameterizedTest
    @CsvSource({
            "13912345678, 13912345678",
            "19512345678, 19512345678",
            "'139 1234 5678', 13912345678",
            "+8613912345678, 13912345678",
    })
    void mobiles(String raw, String value) {
        PhoneNumber p = PhoneNumber.parse(raw);

        assertThat(p.value()).isEqualTo(value);
        assertThat(p.isMobile()).isTrue();
        assertThat(p.masked()).isEqualTo(value.substring(0, 3) + "****" + value.substring(7));
    }

    @ParameterizedTest
    @CsvSource({
            "0954-5012345, 0954-5012345",
            "09545012345, 0954-5012345",
            "' 0954-5012345 ', 0954-5012345",
            "010-12345678, 010-12345678",
            "01012345678, 010-12345678",
            "02112345678, 021-12345678",
    })
    void landlinesAreNormalisedWithTheirAreaCode(String raw, String value) {
        PhoneNumber p = PhoneNumber.parse(raw);

        assertThat(p.value()).isEqualTo(value);
        assertThat(p.isMobile()).isFalse();
    }

    @Test
    void landlinesAreMaskedAfterTheAreaCode() {
        assertThat(PhoneNumber.parse("0954-5012345").masked()).isEqualTo("0954-****345");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678901", "1391234567", "139123456789", "1391234567a", "0954-501234", "954-5012345",
            "0954_5012345", "电话13912345678", "13912345678/13812345678"})
    void rejects(String raw) {
        assertThatThrownBy(() -> PhoneNumber.parse(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("联系电话格式不正确");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void emptyIsRefusedWithItsOwnMessage(String raw) {
        assertThatThrownBy(() -> PhoneNumber.parse(raw)).hasMessage("联系电话不能为空 (phone is required)");
    }

    @Test
    void theConstructorRefusesWhatParseWouldHaveNormalised() {
        assertThatThrownBy(() -> new PhoneNumber("139 1234 5678")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new PhoneNumber(null)).isInstanceOf(InvalidValueException.class);
    }
}
