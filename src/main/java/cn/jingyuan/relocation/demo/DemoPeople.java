package cn.jingyuan.relocation.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import cn.jingyuan.relocation.shared.IdCardNumber;

/**
 * Synthetic households for the demo and the benchmarks: generated names, identity numbers of region 640424 with
 * correct check digits and plausible birth dates, and family structures (head, spouse, children, parents,
 * daughters-in-law, grandchildren). Deterministic for a seed; no real person's data.
 */
public final class DemoPeople {

    private static final String[] SURNAMES = {"马", "杨", "海", "禹", "兰", "冶", "苏", "金", "丁", "虎", "何", "刘", "李", "王",
            "张", "田", "沙", "拜", "穆", "余"};
    private static final String[] GIVEN_MALE = {"德", "福", "明", "强", "军", "学", "文", "成", "忠", "海", "亮", "平", "俊", "宏",
            "东", "贵", "祥", "有", "生", "才", "全", "林", "保", "国", "仁", "义", "龙", "虎", "山", "武"};
    private static final String[] GIVEN_FEMALE = {"兰", "花", "英", "梅", "秀", "燕", "霞", "芳", "静", "玲", "娟", "红", "萍",
            "琴", "凤", "莲", "桂", "翠", "香", "丽", "娥", "珍", "慧", "敏"};

    private final Random random;
    private final Set<String> used = new HashSet<>();
    private final LocalDate today;

    public DemoPeople(long seed, LocalDate today) {
        this.random = new Random(seed);
        this.today = today;
    }

    /** A person of a generated household. */
    public record Person(String name, String idNumber, String relation) {
    }

    /** A household of {@code size} people; the head first. */
    public List<Person> household(int size) {
        List<Person> out = new ArrayList<>(size);
        String surname = pick(SURNAMES);
        boolean headMale = random.nextInt(100) < 88;
        int headYear = 1948 + random.nextInt(40);
        out.add(new Person(name(surname, headMale), id(headYear, headMale), "户主"));
        if (size >= 2) {
            int spouseYear = clamp(headYear + random.nextInt(9) - 4, 1940, 2000);
            out.add(new Person(name(pick(SURNAMES), !headMale), id(spouseYear, !headMale), "配偶"));
        }
        boolean youngHead = headYear >= 1978;
        if (youngHead && out.size() < size && random.nextBoolean()) {
            out.add(new Person(name(surname, true), id(clamp(headYear - 24 - random.nextInt(8), 1925, 1965), true), "父亲"));
            if (out.size() < size) {
                out.add(new Person(name(pick(SURNAMES), false), id(clamp(headYear - 22 - random.nextInt(8), 1925, 1968), false), "母亲"));
            }
        }
        int children = 0;
        while (out.size() < size) {
            int childYear = Math.min(headYear + 21 + random.nextInt(14) + children, today.getYear() - 1);
            boolean male = random.nextBoolean();
            if (childYear < today.getYear() - 22 && out.size() + 1 < size && male && random.nextInt(3) == 0) {
                out.add(new Person(name(surname, true), id(childYear, true), "子"));
                out.add(new Person(name(pick(SURNAMES), false), id(clamp(childYear + random.nextInt(5) - 2, 1950, today.getYear() - 18), false), "儿媳"));
                if (out.size() < size && childYear + 22 < today.getYear()) {
                    boolean gm = random.nextBoolean();
                    out.add(new Person(name(surname, gm), id(Math.min(childYear + 22 + random.nextInt(6), today.getYear() - 1), gm),
                            gm ? "孙子" : "孙女"));
                }
            } else {
                out.add(new Person(name(surname, male), id(childYear, male), male ? "子" : "女"));
            }
            children++;
        }
        return out.subList(0, size);
    }

    /** Household sizes between 1 and 8 that add up to exactly {@code people}. */
    public int[] sizes(int households, int people) {
        if (people < households || people > households * 8) {
            throw new IllegalArgumentException(households + " households cannot hold " + people + " people");
        }
        int[] s = new int[households];
        int sum = 0;
        int[] weights = {1, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7};
        for (int i = 0; i < households; i++) {
            s[i] = weights[random.nextInt(weights.length)];
            sum += s[i];
        }
        while (sum != people) {
            int i = random.nextInt(households);
            if (sum < people && s[i] < 8) {
                s[i]++;
                sum++;
            } else if (sum > people && s[i] > 1) {
                s[i]--;
                sum--;
            }
        }
        return s;
    }

    public String mobile() {
        int[] prefixes = {133, 135, 138, 139, 151, 152, 158, 177, 180, 189, 195};
        return prefixes[random.nextInt(prefixes.length)] + String.format("%08d", random.nextInt(100_000_000));
    }

    public String landline() {
        return "0954-50" + String.format("%05d", random.nextInt(100_000));
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    private String name(String surname, boolean male) {
        String[] given = male ? GIVEN_MALE : GIVEN_FEMALE;
        return surname + pick(given) + (random.nextInt(3) == 0 ? "" : pick(given));
    }

    private String id(int year, boolean male) {
        while (true) {
            LocalDate birth = LocalDate.of(year, 1 + random.nextInt(12), 1).plusDays(random.nextInt(28));
            if (birth.isAfter(today)) {
                birth = today.minusDays(1 + random.nextInt(300));
            }
            int seq = random.nextInt(100) * 10 + (male ? 1 + 2 * random.nextInt(5) : 2 * random.nextInt(5));
            String body = "640424" + birth.toString().replace("-", "") + String.format("%03d", seq);
            String id = body + IdCardNumber.checkCharacter(body);
            if (used.add(id)) {
                return id;
            }
        }
    }

    private String pick(String[] a) {
        return a[random.nextInt(a.length)];
    }

    private static int clamp(int v, int min, int max) {
        return Math.max(min, Math.min(max, v));
    }
}
