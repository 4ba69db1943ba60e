package cn.jingyuan.relocation.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The valid numbers below were computed outside this code base (ISO 7064 MOD 11-2 over GB 11643's weights), so a
 * wrong check-digit routine cannot agree with itself here.
 */
class IdCardNumberTests {

    private static final LocalDate TODAY = LocalDate.of(2025, 5, 20);

    @ParameterizedTest
    @CsvSource({
            "640424198506151235, M, 1985-06-15",
            "640424200002290047, F, 2000-02-29",
            "640424197001013019, M, 1970-01-01",
            "640424199003072214, M, 1990-03-07",
            "64042419880312118X, F, 1988-03-12",
            "64042419740721139X, M, 1974-07-21",
            "11010519491231002X, F, 1949-12-31",
    })
    void validNumbersPassWithSexAndBirthDateDerived(String number, String sex, LocalDate birth) {
        IdCardNumber id = IdCardNumber.parse(number, TODAY);

        assertThat(id.value()).isEqualTo(number);
        assertThat(id.sex()).isEqualTo(sex);
        assertThat(id.birthDate()).isEqualTo(birth);
    }

    @Test
    void surroundingSpacesAreDroppedAndTheNumberIsMaskedInLists() {
        IdCardNumber id = IdCardNumber.parse("  64042419880312118X ", TODAY);

        assertThat(id.value()).isEqualTo("64042419880312118X");
        assertThat(id.regionCode()).isEqualTo("640424");
        assertThat(id.masked()).isEqualTo("640424********118X");
        assertThat(id).hasToString("640424********118X");
    }

    @Test
    void aBirthDateOfTodayIsAllowed() {
        String body = "64042420250520002";
        IdCardNumber id = IdCardNumber.parse(body + IdCardNumber.checkCharacter(body), TODAY);

        assertThat(id.birthDate()).isEqualTo(TODAY);
        assertThat(id.sex()).isEqualTo("F");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptyIsRefused(String raw) {
        assertThatThrownBy(() -> IdCardNumber.parse(raw, TODAY))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("身份证号不能为空 (identity number is required)");
        assertThatThrownBy(() -> IdCardNumber.parse(null, TODAY)).hasMessageContaining("不能为空");
    }

    @ParameterizedTest
    @CsvSource({"64042419850615123, 17", "6404241985061512351, 19", "640424850615123, 15"})
    void wrongLengthSaysHowLong(String raw, int length) {
        assertThatThrownBy(() -> IdCardNumber.parse(raw, TODAY))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("应为18位")
                .hasMessageContaining("got " + length + ")");
    }

    @Test
    void aLetterAmongTheFirstSeventeenNamesItsPosition() {
        assertThatThrownBy(() -> IdCardNumber.parse("6404241985O6151235", TODAY))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("前17位只能是数字")
                .hasMessageContaining("第11位是“O”");
    }

    @Test
    void fullWidthDigitsAreNotDigits() {
        assertThatThrownBy(() -> IdCardNumber.parse("64042419850615123５", TODAY))
                .hasMessageContaining("末位只能是数字或X");
        assertThatThrownBy(() -> IdCardNumber.parse("６40424198506151235", TODAY))
                .hasMessageContaining("第1位");
    }

    @Test
    void aLowerCaseXIsRefusedWithItsOwnMessage() {
        assertThatThrownBy(() -> IdCardNumber.parse("64042419880312118x", TODAY))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("应为大写X")
                .hasMessageContaining("upper-case X");
    }

    @Test
    void aWrongCheckDigitSaysWhichOneIsRight() {
        assertThatThrownBy(() -> IdCardNumber.parse("640424198506151234", TODAY))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("校验码错误")
                .hasMessageContaining("末位应为5,实为4");
        assertThatThrownBy(() -> IdCardNumber.parse("640424198803121181", TODAY))
                .hasMessageContaining("末位应为X,实为1");
    }

    @ParameterizedTest
    @CsvSource({
            "640424198513151233, 19851315", // month 13
            "640424198502301232, 19850230", // 30 February
            "640424202302291243, 20230229", // 29 February of a common year
            "640424198500151234, 19850015", // month 0
    })
    void anImpossibleBirthDateIsRefusedEvenWithARightCheckDigit(String raw, String date) {
        assertThatThrownBy(() -> IdCardNumber.parse(raw, TODAY))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("出生日期" + date + "不存在");
    }

    @Test
    void aBirthDateInTheFutureIsRefused() {
        String tomorrow = "64042420250521001";
        assertThatThrownBy(() -> IdCardNumber.parse(tomorrow + IdCardNumber.checkCharacter(tomorrow), TODAY))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("出生日期2025-05-21晚于今天");
        assertThatThrownBy(() -> IdCardNumber.parse("640424209901011233", TODAY))
                .hasMessageContaining("the birth date is in the future");
    }

    @Test
    void aBirthDateBefore1890IsRefused() {
        assertThatThrownBy(() -> IdCardNumber.parse("640424188001010016", TODAY))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("早于1890年");
    }

    @Test
    void eachWayOfBeingWrongHasItsOwnMessage() {
        String[] wrong = {"64042419850615123", "6404241985O6151235", "64042419880312118x", "640424198506151234",
                "640424198513151233", "640424209901011233"};
        java.util.Set<String> messages = new java.util.HashSet<>();
        for (String w : wrong) {
            try {
                IdCardNumber.parse(w, TODAY);
            } catch (InvalidValueException e) {
                messages.add(e.getMessage().replaceAll("[0-9]", ""));
            }
        }
        assertThat(messages).hasSize(wrong.length);
    }

    @Test
    void equalNumbersAreEqual() {
        assertThat(IdCardNumber.parse("640424198506151235", TODAY))
                .isEqualTo(IdCardNumber.parse(" 640424198506151235", TODAY))
                .isNotEqualTo(IdCardNumber.parse("640424197001013019", TODAY));
    }
}
