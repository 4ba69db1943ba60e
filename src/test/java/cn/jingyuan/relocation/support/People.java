package cn.jingyuan.relocation.support;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Synthetic people for ledger fixtures: every call gives a person nobody else in this JVM has. Identity numbers
 * are of region 640422 (a neighbouring county), so they can never meet the demo data's 640424 people by chance;
 * the birth date is a day of the requested year and the sequence carries the sex. Check digits are computed here,
 * independently of the code under test.
 */
public final class People {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    private static final String[] SURNAMES = {"马", "杨", "海", "禹", "兰", "冶", "苏", "金", "丁", "何", "刘", "李", "王", "张", "田"};
    private static final String[] GIVEN = {"德", "福", "明", "强", "军", "学", "文", "成", "忠", "亮", "平", "俊", "宏", "兰", "花",
            "英", "梅", "秀", "燕", "霞", "芳", "静", "玲", "娟", "红", "萍", "琴", "凤", "莲", "桂"};

    private People() {
    }

    /** A person's name, identity number and relation to the head of household. */
    public record Person(String name, String idNumber, String relation) {
    }

    public static Person person(int birthYear, boolean male, String relation) {
        int n = NEXT.getAndIncrement();
        return new Person(name(n), idNumber(birthYear, male, n), relation);
    }

    /** A fresh identity number of someone born in {@code birthYear}. */
    public static String idNumber(int birthYear, boolean male) {
        return idNumber(birthYear, male, NEXT.getAndIncrement());
    }

    private static String idNumber(int birthYear, boolean male, int n) {
        LocalDate birth = LocalDate.ofYearDay(birthYear, 1 + n % 365);
        int sequence = (n / 365 % 500) * 2 + (male ? 1 : 0);
        String body = "640422" + birth.toString().replace("-", "") + String.format("%03d", sequence);
        return body + checkCharacter(body);
    }

    /** ISO 7064 MOD 11-2 over GB 11643's weights. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11);
    }

    /** The same number with a check character that is wrong for it. */
    public static String withWrongCheckCharacter(String idNumber) {
        char right = idNumber.charAt(17);
        return idNumber.substring(0, 17) + (right == '0' ? '1' : '0');
    }

    /** The number with another birth date (yyyyMMdd, possibly impossible) and the check character made right again. */
    public static String withBirthDate(String idNumber, String yyyyMMdd) {
        String body = idNumber.substring(0, 6) + yyyyMMdd + idNumber.substring(14, 17);
        return body + checkCharacter(body);
    }

    public static String mobile() {
        return "139" + String.format("%08d", 10_000_000 + NEXT.getAndIncrement() * 7919 % 90_000_000);
    }

    /** A name for person number {@code n} (names repeat; identity numbers never do). */
    public static String name(int n) {
        return SURNAMES[n % SURNAMES.length] + GIVEN[n / SURNAMES.length % GIVEN.length] + (n % 2 == 0 ? "" : GIVEN[n % GIVEN.length]);
    }
}
