package cn.jingyuan.relocation.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A ledger (台账) fixture in the contract's layout, one row per person, built in memory and written as the files
 * townships send: csv in UTF-8 (with or without BOM) or GBK, or xlsx as Excel saves it (year, size and phone as
 * numbers). Rows are numbered like the import's error reports: 1-based data rows, the header excluded.
 */
public final class Ledger {

    public static final List<String> HEADERS = List.of("计划年度", "乡镇", "村", "组", "隐患点编号", "搬迁类别", "风险等级", "户主身份证号",
            "姓名", "身份证号", "与户主关系", "联系电话", "家庭人口", "安置方式", "备注");
    private static final Set<String> NUMERIC = Set.of("计划年度", "家庭人口", "联系电话");

    private final List<String> headers;
    private final List<String[]> rows = new ArrayList<>();
    private final Map<String, String> formulas = new HashMap<>();

    private Ledger(List<String> headers) {
        this.headers = new ArrayList<>(headers);
    }

    public static Ledger create() {
        return new Ledger(HEADERS);
    }

    /** Parses a csv (UTF-8, BOM or not) such as an export. */
    public static Ledger parseCsv(byte[] csv) {
        String text = new String(csv, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try (CSVParser p = CSVFormat.DEFAULT.parse(new StringReader(text))) {
            List<CSVRecord> records = p.getRecords();
            Ledger l = new Ledger(Arrays.asList(records.get(0).values()));
            records.stream().skip(1).forEach(r -> l.rows.add(r.values()));
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds a household of {@code size} people (head, spouse, then children) with household columns on every row and
     * phone, size and mode on the head's row, the way the demo ledgers and most townships write them.
     */
    public Ledger household(int year, String township, String village, int size) {
        List<People.Person> people = new ArrayList<>();
        people.add(People.person(1968, true, "户主"));
        if (size > 1) {
            people.add(People.person(1970, false, "配偶"));
        }
        for (int i = 2; i < size; i++) {
            boolean son = i % 2 == 0;
            people.add(People.person(1992 + i, son, son ? "子" : "女"));
        }
        return household(year, township, village, people);
    }

    public Ledger household(int year, String township, String village, List<People.Person> people) {
        String head = people.stream().filter(p -> p.relation().equals("户主")).findFirst().orElse(people.get(0)).idNumber();
        for (int i = 0; i < people.size(); i++) {
            People.Person p = people.get(i);
            boolean first = i == 0;
            row(String.valueOf(year), township, village, "2组", "", "风险区管控", "高", head, p.name(), p.idNumber(), p.relation(),
                    first ? People.mobile() : "", first ? String.valueOf(people.size()) : "", first ? "补助安置" : "", "");
        }
        return this;
    }

    /** Appends a row given in {@link #HEADERS} order. */
    public Ledger row(String... values) {
        if (values.length != HEADERS.size()) {
            throw new IllegalArgumentException("a row has " + HEADERS.size() + " cells");
        }
        String[] r = new String[headers.size()];
        for (int i = 0; i < HEADERS.size(); i++) {
            int at = headers.indexOf(HEADERS.get(i));
            if (at >= 0) {
                r[at] = values[i];
            }
        }
        rows.add(r);
        return this;
    }

    public int size() {
        return rows.size();
    }

    /** The cell of a 1-based data row. */
    public String get(int row, String column) {
        return rows.get(row - 1)[column(column)];
    }

    public Ledger set(int row, String column, String value) {
        rows.get(row - 1)[column(column)] = value;
        return this;
    }

    /** A formula cell (xlsx only): Excel saves the formula with its last computed value, which is what counts. */
    public Ledger formula(int row, String column, String formula) {
        formulas.put(row + "|" + column, formula);
        return this;
    }

    public Ledger withoutColumn(String column) {
        int c = column(column);
        Ledger l = new Ledger(List.of());
        for (int i = 0; i < headers.size(); i++) {
            if (i != c) {
                l.headers.add(headers.get(i));
            }
        }
        for (String[] r : rows) {
            List<String> cells = new ArrayList<>(Arrays.asList(r));
            cells.remove(c);
            l.rows.add(cells.toArray(new String[0]));
        }
        return l;
    }

    /** The 1-based rows whose 户主身份证号 is that of row {@code row}: the rows of its household. */
    public List<Integer> householdRows(int row) {
        String head = get(row, "户主身份证号");
        return IntStream.rangeClosed(1, rows.size()).filter(i -> get(i, "户主身份证号").equals(head)).boxed().toList();
    }

    /** Row numbers of the heads, in file order. */
    public List<Integer> headRows() {
        return IntStream.rangeClosed(1, rows.size()).filter(i -> "户主".equals(get(i, "与户主关系"))).boxed().toList();
    }

    public Set<String> heads() {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 1; i <= rows.size(); i++) {
            out.add(get(i, "户主身份证号"));
        }
        return out;
    }

    public List<String> column(String column, int... fromRows) {
        return Arrays.stream(fromRows).mapToObj(r -> get(r, column)).toList();
    }

    public byte[] csv() {
        return csv(StandardCharsets.UTF_8, false);
    }

    /** The csv in {@code charset}, with that charset's byte order mark if {@code bom} (UTF-8 or GB18030). */
    public byte[] csv(Charset charset, boolean bom) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            try (OutputStreamWriter w = new OutputStreamWriter(out, charset); CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT)) {
                if (bom) {
                    w.write('\uFEFF'); // EF BB BF in UTF-8, 84 31 95 33 in GB18030
                }
                p.printRecord(headers);
                for (String[] r : rows) {
                    p.printRecord((Object[]) r);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public byte[] xlsx() {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("台账");
            Row h = sheet.createRow(0);
            for (int c = 0; c < headers.size(); c++) {
                h.createCell(c).setCellValue(headers.get(c));
            }
            for (int i = 0; i < rows.size(); i++) {
                Row row = sheet.createRow(i + 1);
                for (int c = 0; c < headers.size(); c++) {
                    String v = rows.get(i)[c];
                    String f = formulas.get((i + 1) + "|" + headers.get(c));
                    if (f != null) {
                        Cell cell = row.createCell(c);
                        cell.setCellFormula(f);
                        wb.getCreationHelper().createFormulaEvaluator().evaluateFormulaCell(cell);
                    } else if (v != null && !v.isEmpty()) {
                        Cell cell = row.createCell(c);
                        if (NUMERIC.contains(headers.get(c)) && v.matches("\\d{1,15}")) {
                            cell.setCellValue(Double.parseDouble(v));
                        } else {
                            cell.setCellValue(v);
                        }
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int column(String column) {
        int c = headers.indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException("no column " + column);
        }
        return c;
    }
}
