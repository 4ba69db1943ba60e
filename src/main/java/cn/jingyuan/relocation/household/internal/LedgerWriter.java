package cn.jingyuan.relocation.household.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes ledger rows in the import layout: csv as UTF-8 with a BOM (Excel and WPS open it as Chinese text), xlsx
 * with text cells, a frozen bold header and fitting column widths. A cell that begins with =, +, -, @, TAB or CR is
 * written with a leading apostrophe so no spreadsheet runs it as a formula; import removes the apostrophe again.
 */
public final class LedgerWriter {

    /** First characters that make Excel, WPS or Calc treat a cell as a formula (TAB and CR included: OWASP CSV injection). */
    static final String FORMULA_STARTS = "=+-@\t\r";

    private static final int[] WIDTHS = {8, 10, 12, 6, 14, 12, 8, 21, 10, 21, 10, 14, 8, 10, 30};

    private LedgerWriter() {
    }

    public static String escape(String v) {
        if (v != null && !v.isEmpty() && FORMULA_STARTS.indexOf(v.charAt(0)) >= 0) {
            return "'" + v;
        }
        return v;
    }

    public static byte[] csv(List<String[]> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            try (CSVPrinter p = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), CSVFormat.DEFAULT)) {
                p.printRecord((Object[]) headers());
                for (String[] r : rows) {
                    p.printRecord((Object[]) escaped(r));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] xlsx(String sheetName, List<String[]> rows) {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(500)) {
            Sheet sheet = wb.createSheet(sheetName);
            Font bold = wb.createFont();
            bold.setBold(true);
            CellStyle head = wb.createCellStyle();
            head.setFont(bold);
            CellStyle text = wb.createCellStyle();
            text.setDataFormat(wb.createDataFormat().getFormat("@"));
            String[] headers = headers();
            Row h = sheet.createRow(0);
            for (int c = 0; c < headers.length; c++) {
                h.createCell(c).setCellValue(headers[c]);
                h.getCell(c).setCellStyle(head);
                sheet.setColumnWidth(c, WIDTHS[c] * 256 + 512);
                sheet.setDefaultColumnStyle(c, text);
            }
            sheet.createFreezePane(0, 1);
            int n = 1;
            for (String[] r : rows) {
                Row row = sheet.createRow(n++);
                String[] e = escaped(r);
                for (int c = 0; c < e.length; c++) {
                    if (e[c] != null) {
                        row.createCell(c).setCellValue(e[c]);
                        row.getCell(c).setCellStyle(text);
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            wb.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] headers() {
        LedgerColumn[] cols = LedgerColumn.values();
        String[] h = new String[cols.length];
        for (int i = 0; i < cols.length; i++) {
            h[i] = cols[i].header();
        }
        return h;
    }

    private static String[] escaped(String[] r) {
        String[] e = new String[r.length];
        for (int i = 0; i < r.length; i++) {
            e[i] = escape(r[i]);
        }
        return e;
    }
}
