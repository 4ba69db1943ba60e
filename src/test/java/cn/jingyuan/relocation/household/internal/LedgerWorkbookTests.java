package cn.jingyuan.relocation.household.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.support.Ledger;

/**
 * Ledgers as counties save them: files LibreOffice Calc produced (kept under {@code src/test/resources/ledgers/},
 * made from {@code libreoffice-calc-source.csv} with {@code soffice --headless --convert-to xlsx|xls}, identity
 * columns imported as text, or left to Calc, which turns them into numbers), and files POI writes in the layouts
 * Excel and WPS use. Every one reads exactly like the csv of the same ledger.
 */
class LedgerWorkbookTests {

    private static final Set<String> NUMERIC = Set.of("计划年度", "家庭人口", "联系电话");

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LedgerWorkbookTests.class.getResourceAsStream("/ledgers/" + name)) {
            return in.readAllBytes();
        }
    }

    private static List<String> cells(List<LedgerLine> lines) {
        return lines.stream().map(l -> l.row() + ":" + Arrays.toString(Arrays.stream(LedgerColumn.values()).map(l::get).toArray())).toList();
    }

    @Test
    void libreOfficeXlsxAndXlsReadExactlyLikeTheirCsv() throws IOException {
        List<String> csv = cells(LedgerReader.read(resource("libreoffice-calc-source.csv")));

        assertThat(csv).hasSize(5);
        assertThat(cells(LedgerReader.read(resource("libreoffice-calc.xlsx")))).containsExactlyElementsOf(csv);
        assertThat(cells(LedgerReader.read(resource("libreoffice-calc.xls")))).containsExactlyElementsOf(csv);
    }

    @Test
    void poiWrittenWorkbooksInExcelAndWpsLayoutsReadExactlyLikeTheirCsv() {
        Ledger ledger = Ledger.create().household(2026, "大湾乡", "杨堡村", 3).household(2026, "大湾乡", "杨堡村", 2);
        ledger.set(1, "备注", "2025-03-01");
        List<String> csv = cells(LedgerReader.read(ledger.csv()));

        // Excel: shared strings, numbers as numbers, a date as a number with a date format
        assertThat(cells(LedgerReader.read(write(ledger, XSSFWorkbook::new)))).containsExactlyElementsOf(csv);
        // WPS and streaming writers: inline strings
        assertThat(cells(LedgerReader.read(write(ledger, SXSSFWorkbook::new)))).containsExactlyElementsOf(csv);
        // Excel 97-2003 / WPS .xls
        assertThat(cells(LedgerReader.read(write(ledger, HSSFWorkbook::new)))).containsExactlyElementsOf(csv);
    }

    @Test
    void anIdentityNumberTheSpreadsheetTurnedIntoANumberIsExplained() throws IOException {
        for (String file : List.of("libreoffice-calc-numeric-ids.xlsx", "libreoffice-calc-numeric-ids.xls")) {
            List<LedgerLine> lines = LedgerReader.read(resource(file));
            assertThat(lines.get(0).isNumber(LedgerColumn.ID_NUMBER)).as(file).isTrue();
            assertThat(lines.get(0).get(LedgerColumn.ID_NUMBER)).as(file).isEqualTo("6.40424E+17");

            List<FieldError> errors = validate(lines);

            assertThat(errors).as(file).extracting(e -> e.row() + " " + e.field()).containsExactly(
                    "1 户主身份证号", "1 身份证号", "2 户主身份证号", "2 身份证号", "3 户主身份证号", "3 身份证号",
                    "4 户主身份证号", "4 身份证号", "5 户主身份证号", "5 身份证号");
            assertThat(errors).allSatisfy(e -> {
                assertThat(e.message()).contains("存成了数字", "已经丢失", "文本", "重新录入").doesNotContain("18位数字");
                assertThat(e.value()).isEqualTo("6.40424E+17");
            });
        }
    }

    @Test
    void aNumberCellWithAllItsDigitsShownIsExplainedTooAndNotEchoedInFull() {
        String id = "640424193304177135"; // a valid number without a final X, which no spreadsheet could turn into a number
        Ledger ledger = Ledger.create().household(2026, "大湾乡", "杨堡村", 1).set(1, "户主身份证号", id).set(1, "身份证号", id);
        byte[] xlsx = write(ledger, XSSFWorkbook::new, "身份证号", "0");

        List<FieldError> errors = validate(LedgerReader.read(xlsx));

        assertThat(errors).extracting(e -> e.row() + " " + e.field()).containsExactly("1 身份证号");
        assertThat(errors.get(0).message()).contains("存成了数字");
        assertThat(errors.get(0).value()).doesNotContain(id.substring(6, 14));
    }

    @Test
    void aCsvSavedFromSuchASheetGetsTheSameMessage() {
        Ledger ledger = Ledger.create().household(2026, "大湾乡", "杨堡村", 1);
        ledger.set(1, "身份证号", "6.40424E+17");

        List<FieldError> errors = validate(LedgerReader.read(ledger.csv()));

        assertThat(errors).extracting(e -> e.row() + " " + e.field()).containsExactly("1 身份证号");
        assertThat(errors.get(0).message()).contains("存成了数字", "文本");
    }

    @Test
    void aBrokenXlsIs415() {
        byte[] xls = new byte[4096];
        byte[] ole2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        System.arraycopy(ole2, 0, xls, 0, ole2.length);

        assertThatThrownBy(() -> LedgerReader.read(xls))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(415));
    }

    @Test
    void aSheetWithFarMoreCellsThanALedgerIsRefusedWhileItIsRead() {
        SheetRows rows = new SheetRows();
        rows.startRow();

        assertThatThrownBy(() -> {
            for (int c = 0; c <= SheetRows.MAX_ROW_CELLS; c++) {
                rows.cell(0, "x", false);
            }
        }).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(413));
        assertThat(rows.lines).isEmpty();
    }

    private static List<FieldError> validate(List<LedgerLine> lines) {
        Township dawan = new Township("640424205", "大湾乡", "dawan");
        return new LedgerValidator(t -> "大湾乡".equals(t) ? dawan : null, LocalDate.of(2026, 6, 1)).validate(lines).errors();
    }

    private static byte[] write(Ledger ledger, Supplier<Workbook> workbook) {
        return write(ledger, workbook, null, null);
    }

    /**
     * The ledger as a spreadsheet program saves it: year, size and phone as numbers, a remark that looks like a date as
     * a date (a number with a date format), everything else as text; {@code numberColumn} as a number in {@code format}.
     */
    private static byte[] write(Ledger ledger, Supplier<Workbook> workbook, String numberColumn, String format) {
        try (Workbook wb = workbook.get(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
            CellStyle number = wb.createCellStyle();
            number.setDataFormat(wb.createDataFormat().getFormat(format == null ? "0" : format));
            Sheet sheet = wb.createSheet("台账");
            Row header = sheet.createRow(0);
            for (int c = 0; c < Ledger.HEADERS.size(); c++) {
                header.createCell(c).setCellValue(Ledger.HEADERS.get(c));
            }
            for (int r = 1; r <= ledger.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < Ledger.HEADERS.size(); c++) {
                    String column = Ledger.HEADERS.get(c);
                    String v = ledger.get(r, column);
                    if (v == null || v.isEmpty()) {
                        continue;
                    }
                    Cell cell = row.createCell(c);
                    if (column.equals(numberColumn)) {
                        cell.setCellValue(Double.parseDouble(v));
                        cell.setCellStyle(number);
                    } else if (NUMERIC.contains(column)) {
                        cell.setCellValue(Double.parseDouble(v));
                    } else if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                        cell.setCellValue(LocalDate.parse(v));
                        cell.setCellStyle(date);
                    } else {
                        cell.setCellValue(v);
                    }
                }
            }
            wb.write(out);
            if (wb instanceof SXSSFWorkbook s) {
                s.dispose();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
