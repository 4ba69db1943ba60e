package cn.jingyuan.relocation.household.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

import cn.jingyuan.relocation.household.CaseCategory;
import cn.jingyuan.relocation.household.ResettlementMode;
import cn.jingyuan.relocation.household.RiskLevel;
import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.shared.Coded;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.shared.IdCardNumber;
import cn.jingyuan.relocation.shared.InvalidValueException;
import cn.jingyuan.relocation.shared.PhoneNumber;

/**
 * Turns ledger lines into household drafts, collecting every error with its row and column: first each cell,
 * then each household (rows grouped by 户主身份证号 and 计划年度), then people listed in two households of the file.
 * Household columns (乡镇, 村, 组, 隐患点编号, 搬迁类别, 风险等级) are read from the head's row; other rows may leave
 * them empty, but must not contradict them.
 */
public final class LedgerValidator {

    /** How a spreadsheet shows a long number it holds: 6.40424E+17. */
    private static final Pattern SCIENTIFIC = Pattern.compile("\\d(\\.\\d+)?[Ee]\\+?\\d+");

    private final Function<String, Township> townships;
    private final LocalDate today;

    public LedgerValidator(Function<String, Township> townships, LocalDate today) {
        this.townships = townships;
        this.today = today;
    }

    public record Result(List<HouseholdDraft> households, List<FieldError> errors, int people) {
    }

    private record Parsed(LedgerLine line, Integer year, Township township, CaseCategory category, RiskLevel risk,
                          IdCardNumber headId, IdCardNumber id, String name, String relation, PhoneNumber phone,
                          Integer size, ResettlementMode mode) {
    }

    private record Parsing(Parsed parsed, List<FieldError> errors) {
    }

    public Result validate(List<LedgerLine> lines) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, List<Parsed>> groups = new LinkedHashMap<>();
        // each row is checked on its own, on every core; households are formed from them in file order after
        List<Parsing> parsed = (lines.size() < 500 ? lines.stream() : lines.parallelStream()).map(line -> {
            List<FieldError> own = new ArrayList<>(0);
            return new Parsing(parse(line, own), own);
        }).toList();
        for (Parsing parsing : parsed) {
            Parsed p = parsing.parsed();
            LedgerLine line = p.line;
            errors.addAll(parsing.errors());
            String key = (p.headId == null ? "?" + line.get(LedgerColumn.HEAD_ID) : p.headId.value()) + "|" + p.year;
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        List<HouseholdDraft> drafts = new ArrayList<>();
        Map<String, Integer> personRow = new HashMap<>();
        for (List<Parsed> rows : groups.values()) {
            HouseholdDraft d = household(rows, errors);
            for (Parsed p : rows) {
                if (p.id == null) {
                    continue;
                }
                Integer earlier = personRow.putIfAbsent(p.id.value(), p.line.row());
                if (earlier != null && !sameHousehold(groups, earlier, p)) {
                    errors.add(new FieldError(p.line.row(), LedgerColumn.ID_NUMBER.header(), p.id.masked(),
                            "同一人出现在两户中(另见第" + earlier + "行),一人只能属于一户 (the same person is in two households)"));
                }
            }
            if (d != null) {
                errors.addAll(HouseholdRules.check(d));
                drafts.add(d);
            }
        }
        errors.sort((a, b) -> Integer.compare(a.row() == null ? 0 : a.row(), b.row() == null ? 0 : b.row()));
        return new Result(drafts, errors, lines.size());
    }

    private static boolean sameHousehold(Map<String, List<Parsed>> groups, int earlierRow, Parsed p) {
        String key = (p.headId == null ? "?" + p.line.get(LedgerColumn.HEAD_ID) : p.headId.value()) + "|" + p.year;
        return groups.get(key).stream().anyMatch(x -> x.line.row() == earlierRow);
    }

    private Parsed parse(LedgerLine l, List<FieldError> errors) {
        Integer year = null;
        String y = l.get(LedgerColumn.PLAN_YEAR);
        if (y == null) {
            errors.add(err(l, LedgerColumn.PLAN_YEAR, null, "计划年度不能为空 (plan year is required)"));
        } else if (!y.matches("\\d{4}") || Integer.parseInt(y) < 2000 || Integer.parseInt(y) > 2100) {
            errors.add(err(l, LedgerColumn.PLAN_YEAR, y, "计划年度应为4位数字年份,如2025 (plan year must be 4 digits)"));
        } else {
            year = Integer.parseInt(y);
        }
        boolean head = LedgerColumn.HEAD_RELATION.equals(l.get(LedgerColumn.RELATION));
        Township township = null;
        String t = l.get(LedgerColumn.TOWNSHIP);
        if (t != null) {
            township = townships.apply(t);
            if (township == null) {
                errors.add(err(l, LedgerColumn.TOWNSHIP, t, "不是泾源县的乡镇:" + t + " (unknown township)"));
            }
        } else if (head) {
            errors.add(err(l, LedgerColumn.TOWNSHIP, null, "乡镇不能为空 (township is required)"));
        }
        if (head && l.get(LedgerColumn.VILLAGE) == null) {
            errors.add(err(l, LedgerColumn.VILLAGE, null, "村不能为空 (village is required)"));
        }
        length(l, LedgerColumn.VILLAGE, 40, errors);
        length(l, LedgerColumn.GROUP, 20, errors);
        length(l, LedgerColumn.HAZARD_SITE, 32, errors);
        CaseCategory category = coded(l, LedgerColumn.CATEGORY, CaseCategory.class, head, errors);
        RiskLevel risk = coded(l, LedgerColumn.RISK_LEVEL, RiskLevel.class, head, errors);
        ResettlementMode mode = coded(l, LedgerColumn.MODE, ResettlementMode.class, false, errors);
        IdCardNumber headId = id(l, LedgerColumn.HEAD_ID, errors);
        IdCardNumber id = id(l, LedgerColumn.ID_NUMBER, errors);
        String name = l.get(LedgerColumn.NAME);
        if (name == null) {
            errors.add(err(l, LedgerColumn.NAME, null, "姓名不能为空 (name is required)"));
        } else if (name.length() > 50 || "=+-@".indexOf(name.charAt(0)) >= 0 || name.chars().anyMatch(Character::isDigit)) {
            errors.add(err(l, LedgerColumn.NAME, name, "姓名格式不正确 (a name has no digits or formula characters, at most 50 characters)"));
        }
        String relation = l.get(LedgerColumn.RELATION);
        if (relation == null) {
            errors.add(err(l, LedgerColumn.RELATION, null, "与户主关系不能为空 (relation to the head is required)"));
        } else if (relation.length() > 16) {
            errors.add(err(l, LedgerColumn.RELATION, relation, "与户主关系过长 (at most 16 characters)"));
        }
        PhoneNumber phone = null;
        String ph = l.get(LedgerColumn.PHONE);
        if (ph != null) {
            try {
                phone = PhoneNumber.parse(ph);
            } catch (InvalidValueException e) {
                errors.add(err(l, LedgerColumn.PHONE, ph, e.getMessage()));
            }
        }
        Integer size = null;
        String sz = l.get(LedgerColumn.DECLARED_SIZE);
        if (sz != null) {
            if (!sz.matches("\\d{1,2}") || Integer.parseInt(sz) < 1) {
                errors.add(err(l, LedgerColumn.DECLARED_SIZE, sz, "家庭人口应为1到99的整数 (household size must be a whole number)"));
            } else {
                size = Integer.parseInt(sz);
            }
        }
        length(l, LedgerColumn.REMARKS, 500, errors);
        return new Parsed(l, year, township, category, risk, headId, id, name, relation, phone, size, mode);
    }

    private HouseholdDraft household(List<Parsed> rows, List<FieldError> errors) {
        Parsed first = rows.get(0);
        if (first.year == null || first.headId == null) {
            return null; // already reported on every row: no household to speak of
        }
        Parsed head = rows.stream().filter(p -> LedgerColumn.HEAD_RELATION.equals(p.relation)).findFirst().orElse(first);
        for (Parsed p : rows) {
            if (p == head) {
                continue;
            }
            same(p, head, LedgerColumn.TOWNSHIP, x -> x.township == null ? null : x.township.code(), errors);
            same(p, head, LedgerColumn.VILLAGE, x -> x.line.get(LedgerColumn.VILLAGE), errors);
            same(p, head, LedgerColumn.GROUP, x -> x.line.get(LedgerColumn.GROUP), errors);
            same(p, head, LedgerColumn.HAZARD_SITE, x -> x.line.get(LedgerColumn.HAZARD_SITE), errors);
            same(p, head, LedgerColumn.CATEGORY, x -> x.category, errors);
            same(p, head, LedgerColumn.RISK_LEVEL, x -> x.risk, errors);
        }
        List<HouseholdDraft.PersonDraft> members = rows.stream()
                .map(p -> new HouseholdDraft.PersonDraft(p.line.row(), p.name, p.id, p.relation)).toList();
        return new HouseholdDraft(rows.stream().map(p -> p.line.row()).toList(), first.year, head.township,
                head.line.get(LedgerColumn.VILLAGE), head.line.get(LedgerColumn.GROUP), head.line.get(LedgerColumn.HAZARD_SITE),
                head.category, head.risk, first.headId, head.phone, head.size, head.mode, head.line.get(LedgerColumn.REMARKS), members);
    }

    private static void same(Parsed p, Parsed head, LedgerColumn c, Function<Parsed, Object> value, List<FieldError> errors) {
        Object mine = value.apply(p);
        if (p.line.get(c) != null && mine != null && value.apply(head) != null && !Objects.equals(mine, value.apply(head))) {
            errors.add(err(p.line, c, p.line.get(c), c.header() + "与户主行(第" + head.line.row() + "行)不一致:"
                    + head.line.get(c) + " (differs from the head's row)"));
        }
    }

    private static <E extends Enum<E> & Coded> E coded(LedgerLine l, LedgerColumn c, Class<E> type, boolean required,
                                                       List<FieldError> errors) {
        String v = l.get(c);
        if (v == null) {
            if (required) {
                errors.add(err(l, c, null, c.header() + "不能为空,应为:" + Coded.labels(type) + " (required)"));
            }
            return null;
        }
        return Coded.lookup(type, v).orElseGet(() -> {
            errors.add(err(l, c, v, c.header() + "应为:" + Coded.labels(type) + ",不能是“" + v + "” (not an allowed value)"));
            return null;
        });
    }

    private IdCardNumber id(LedgerLine l, LedgerColumn c, List<FieldError> errors) {
        String v = l.get(c);
        if (v != null && (l.isNumber(c) || SCIENTIFIC.matcher(v).matches())) {
            errors.add(err(l, c, SCIENTIFIC.matcher(v).matches() ? v : mask(v), c.header() + "被表格软件存成了数字(显示为" + v
                    + "),18位身份证号的后几位已经丢失,无法从文件中恢复。请把该列的单元格格式设为“文本”,再重新录入这些身份证号后导入"
                    + " (the spreadsheet stored the identity number as a number and its last digits are lost: set the column's"
                    + " format to text and enter the numbers again)"));
            return null;
        }
        try {
            return IdCardNumber.parse(v, today);
        } catch (InvalidValueException e) {
            errors.add(err(l, c, v == null ? null : mask(v), c.header() + ":" + e.getMessage()));
            return null;
        }
    }

    /** Error reports never echo a full identity number back. */
    private static String mask(String v) {
        return v.length() >= 10 ? v.substring(0, 6) + "****" + v.substring(v.length() - 4) : v;
    }

    private static void length(LedgerLine l, LedgerColumn c, int max, List<FieldError> errors) {
        String v = l.get(c);
        if (v != null && v.length() > max) {
            errors.add(err(l, c, v.substring(0, Math.min(v.length(), 40)), c.header() + "不能超过" + max + "个字 (too long)"));
        }
    }

    private static FieldError err(LedgerLine l, LedgerColumn c, String value, String message) {
        return new FieldError(l.row(), c.header(), value, message);
    }
}
