package cn.jingyuan.relocation.shared;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A resident identity number (居民身份证号码) as GB 11643-1999 defines it: 6-digit region, 8-digit birth date,
 * 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character (0-9 or upper-case X).
 * Instances are always valid; {@link #parse} says exactly what is wrong otherwise.
 */
public final class IdCardNumber {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = "10X98765432".toCharArray();

    private final String value;
    private final LocalDate birthDate;

    private IdCardNumber(String value, LocalDate birthDate) {
        this.value = value;
        this.birthDate = birthDate;
    }

    /** Parses and checks an identity number against {@code today} (no birth date in the future). */
    public static IdCardNumber parse(String raw, LocalDate today) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidValueException("身份证号不能为空 (identity number is required)");
        }
        String s = raw.strip();
        if (s.length() != 18) {
            throw new InvalidValueException("身份证号应为18位,实为" + s.length() + "位 (must be 18 characters, got " + s.length() + ")");
        }
        for (int i = 0; i < 17; i++) {
            if (!isAsciiDigit(s.charAt(i))) {
                throw new InvalidValueException("身份证号前17位只能是数字,第" + (i + 1) + "位是“" + s.charAt(i)
                        + "” (the first 17 characters must be digits)");
            }
        }
        char last = s.charAt(17);
        if (last == 'x') {
            throw new InvalidValueException("身份证号末位校验码应为大写X (the check character must be an upper-case X)");
        }
        if (!isAsciiDigit(last) && last != 'X') {
            throw new InvalidValueException("身份证号末位只能是数字或X,实为“" + last + "” (the last character must be a digit or X)");
        }
        LocalDate birth;
        try {
            birth = LocalDate.of(Integer.parseInt(s.substring(6, 10)), Integer.parseInt(s.substring(10, 12)),
                    Integer.parseInt(s.substring(12, 14)));
        } catch (DateTimeException e) {
            throw new InvalidValueException("身份证号中的出生日期" + s.substring(6, 14) + "不存在 (the birth date does not exist)");
        }
        if (birth.isAfter(today)) {
            throw new InvalidValueException("身份证号中的出生日期" + birth + "晚于今天 (the birth date is in the future)");
        }
        if (birth.getYear() < 1890) {
            throw new InvalidValueException("身份证号中的出生日期" + birth + "早于1890年 (the birth date is implausibly early)");
        }
        char expected = checkCharacter(s.substring(0, 17));
        if (last != expected) {
            throw new InvalidValueException("身份证号校验码错误:末位应为" + expected + ",实为" + last
                    + " (check digit should be " + expected + ")");
        }
        return new IdCardNumber(s, birth);
    }

    /** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    public String value() {
        return value;
    }

    public LocalDate birthDate() {
        return birthDate;
    }

    /** "M" or "F", from the parity of the 17th digit. */
    public String sex() {
        return (value.charAt(16) - '0') % 2 == 1 ? "M" : "F";
    }

    public String regionCode() {
        return value.substring(0, 6);
    }

    /** The form every list shows: region and the last four characters, {@code 640424********123X}. */
    public String masked() {
        return mask(value);
    }

    public static String mask(String value) {
        return value.substring(0, 6) + "********" + value.substring(14);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdCardNumber other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return masked();
    }
}
