package cn.jingyuan.relocation.bench;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import cn.jingyuan.relocation.support.Ledger;
import cn.jingyuan.relocation.support.People;

/**
 * A generated county for the benchmark: {@code households} households of one plan year spread evenly over the seven
 * townships and ten villages each, sizes cycling 2, 3, 4, 5, 3, 4 (3.5 people on average: 100,000 households are
 * about 350,000 people), the four resettlement modes in turn, written as one csv ledger per township, the way the
 * townships send them (a ledger holds at most 200,000 rows).
 * Identity numbers are valid (GB 11643 check digit) and unique across the county; everything is deterministic.
 */
final class GeneratedCounty {

    static final String[] TOWNSHIPS = {"香水镇", "泾河源镇", "六盘山镇", "新民乡", "兴盛乡", "黄花乡", "大湾乡"};
    static final String[] SLUGS = {"xiangshui", "jingheyuan", "liupanshan", "xinmin", "xingsheng", "huanghua", "dawan"};
    private static final int[] SIZES = {2, 3, 4, 5, 3, 4};
    private static final String[] MODES = {"补助安置", "统规统建", "自建", "投亲靠友"};

    private GeneratedCounty() {
    }

    /** One ledger per township, and the number of people in all of them. */
    record Ledgers(List<byte[]> files, int households, int people) {
    }

    /** The county's ledgers for {@code year}; people are numbered from {@code personOffset} (keep runs apart). */
    static Ledgers generate(int year, int households, int personOffset) {
        List<StringBuilder> out = new ArrayList<>();
        for (String ignored : TOWNSHIPS) {
            StringBuilder sb = new StringBuilder(households / TOWNSHIPS.length * 300);
            sb.append(String.join(",", Ledger.HEADERS)).append('\n');
            out.add(sb);
        }
        int person = personOffset;
        int people = 0;
        for (int h = 0; h < households; h++) {
            int t = h % TOWNSHIPS.length;
            int size = SIZES[h % SIZES.length];
            String village = TOWNSHIPS[t].substring(0, 2) + "测" + (h / TOWNSHIPS.length % 10 + 1) + "村";
            String group = (h % 6 + 1) + "组";
            String head = idNumber(person, true);
            StringBuilder sb = out.get(t);
            for (int m = 0; m < size; m++) {
                String id = m == 0 ? head : idNumber(person + m, m % 2 == 0);
                String relation = m == 0 ? "户主" : m == 1 ? "配偶" : m % 2 == 0 ? "子" : "女";
                sb.append(year).append(',').append(TOWNSHIPS[t]).append(',').append(village).append(',').append(group).append(",,")
                        .append("风险区管控,高,").append(head).append(',').append(People.name(person + m)).append(',').append(id).append(',')
                        .append(relation).append(',');
                if (m == 0) {
                    sb.append("139").append(String.format("%08d", h)).append(',').append(size).append(',')
                            .append(MODES[h % MODES.length]);
                } else {
                    sb.append(",,");
                }
                sb.append(",\n");
            }
            person += size;
            people += size;
        }
        return new Ledgers(out.stream().map(sb -> sb.toString().getBytes(StandardCharsets.UTF_8)).toList(), households, people);
    }

    /** Unique for every {@code n} below 9 million: a birth date (day, year) and a three-digit sequence whose parity is the sex. */
    static String idNumber(int n, boolean male) {
        LocalDate birth = LocalDate.ofYearDay(1950 + n / 182_500, 1 + n % 365);
        int sequence = (n / 365 % 500) * 2 + (male ? 1 : 0);
        String body = "640424" + birth.toString().replace("-", "") + String.format("%03d", sequence);
        return body + People.checkCharacter(body);
    }
}
