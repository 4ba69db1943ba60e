package cn.jingyuan.relocation.demo;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Builds a ledger (台账) csv in the contract's layout from generated households, the way a township would send one. */
public final class DemoLedger {

    public static final String[] HEADERS = {"计划年度", "乡镇", "村", "组", "隐患点编号", "搬迁类别", "风险等级", "户主身份证号", "姓名",
            "身份证号", "与户主关系", "联系电话", "家庭人口", "安置方式", "备注"};

    private final List<String[]> rows = new ArrayList<>();

    /** Adds one household: every person a row, household columns on each row, phone, size and mode on the head's. */
    public DemoLedger add(int year, String township, String village, String group, String hazardCode, String category,
                          String riskLevel, String phone, String mode, String remarks, List<DemoPeople.Person> people) {
        String head = people.get(0).idNumber();
        for (int i = 0; i < people.size(); i++) {
            DemoPeople.Person p = people.get(i);
            boolean first = i == 0;
            rows.add(new String[] {String.valueOf(year), township, village, group, hazardCode == null ? "" : hazardCode, category,
                    riskLevel, head, p.name(), p.idNumber(), p.relation(), first ? phone : "", first ? String.valueOf(people.size()) : "",
                    first && mode != null ? mode : "", first && remarks != null ? remarks : ""});
        }
        return this;
    }

    public int people() {
        return rows.size();
    }

    public byte[] csv() {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT)) {
            p.printRecord((Object[]) HEADERS);
            for (String[] r : rows) {
                p.printRecord((Object[]) r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }
}
