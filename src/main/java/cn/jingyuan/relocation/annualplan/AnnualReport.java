package cn.jingyuan.relocation.annualplan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.jingyuan.relocation.annualplan.internal.ReportLineRow;
import cn.jingyuan.relocation.annualplan.internal.StatisticsMapper;
import cn.jingyuan.relocation.household.CaseCategory;
import cn.jingyuan.relocation.household.ResettlementMode;
import cn.jingyuan.relocation.household.RiskLevel;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.shared.ApiException;

/**
 * The annual progress report (年度进展报告) as a workbook that opens cleanly in Excel and WPS: a summary sheet per
 * township (target, relocated households and people, completion rate, demolition rate, accepted, subsidy paid)
 * and the ledger of the year's households. Chinese headers, fitting widths, numbers and rates as numbers.
 */
@Service
public class AnnualReport {

    private static final String[] SUMMARY = {"乡镇", "目标户数", "目标人数", "计划户数", "计划人数", "结转入户数", "搬迁入住户数", "搬迁入住人数",
            "完成率", "旧房拆除户数", "拆除率", "验收户数", "归档户数", "结转出户数", "未办结户数", "已拨付补助(元)"};
    private static final int[] SUMMARY_WIDTHS = {12, 9, 9, 9, 9, 10, 12, 12, 9, 12, 9, 9, 9, 10, 10, 16};
    private static final String[] LEDGER = {"案件编号", "计划年度", "乡镇", "村", "组", "户主", "家庭人口", "搬迁类别", "风险等级", "安置方式", "当前阶段",
            "协议签订日期", "入住日期", "旧房拆除日期", "验收日期", "归档日期", "核定补助(元)", "已拨付(元)", "结转情况"};
    private static final int[] LEDGER_WIDTHS = {18, 9, 10, 10, 6, 10, 9, 12, 9, 10, 14, 13, 12, 13, 12, 12, 14, 12, 16};

    private final StatisticsService statistics;
    private final StatisticsMapper figures;
    private final TownshipDirectory townships;
    private final Clock clock;

    AnnualReport(StatisticsService statistics, StatisticsMapper figures, TownshipDirectory townships, Clock clock) {
        this.statistics = statistics;
        this.figures = figures;
        this.townships = townships;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public byte[] xlsx(int year, CurrentUser user) {
        if (!user.isCountyWide()) {
            throw ApiException.forbidden("年度报告由县级岗位查阅 (the annual report is for county roles)");
        }
        Statistics s = statistics.statistics(year, user);
        List<ReportLineRow> lines = figures.reportLines(year, null);
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200)) {
            Styles st = new Styles(wb);
            summary(wb.createSheet("汇总"), st, s);
            ledger(wb.createSheet(year + "年度台账"), st, lines);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            wb.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void summary(Sheet sheet, Styles st, Statistics s) {
        Row title = sheet.createRow(0);
        text(title, 0, "泾源县" + s.year() + "年度地质灾害避险搬迁工作进展情况", st.title);
        sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, SUMMARY.length - 1));
        Row meta = sheet.createRow(1);
        text(meta, 0, (s.frozen() ? "年度已结转,统计冻结于 " + s.frozenAt().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                : "统计截至 " + LocalDateTime.now(clock).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))), null);
        sheet.addMergedRegion(new CellRangeAddress(1, 1, 0, SUMMARY.length - 1));
        header(sheet.createRow(2), SUMMARY, st);
        for (int c = 0; c < SUMMARY_WIDTHS.length; c++) {
            sheet.setColumnWidth(c, SUMMARY_WIDTHS[c] * 256 + 768);
        }
        int r = 3;
        for (Statistics.TownshipFigures t : s.byTownship()) {
            figuresRow(sheet.createRow(r++), st, t.name(), t.target(), t.planned(), t.carriedIn(), t.movedIn(), t.movedInToDate(),
                    t.demolished(), t.accepted(), t.archived(), t.carriedOut(), t.open(), t.subsidyPaid());
        }
        figuresRow(sheet.createRow(r), st, "合计", s.target(), s.planned(), s.carriedIn(), s.movedIn(), s.movedInToDate(), s.demolished(),
                s.accepted(), s.archived(), s.carriedOut(), s.open(), s.subsidyPaid());
        sheet.createFreezePane(1, 3);
    }

    private static void figuresRow(Row row, Styles st, String name, Counter target, Counter planned, Counter carriedIn, Counter movedIn,
                                   Counter movedInToDate, Counter demolished, Counter accepted, Counter archived, Counter carriedOut, Counter open, BigDecimal paid) {
        text(row, 0, name, st.cell);
        number(row, 1, target.households(), st.integer);
        number(row, 2, target.people(), st.integer);
        number(row, 3, planned.households(), st.integer);
        number(row, 4, planned.people(), st.integer);
        number(row, 5, carriedIn.households(), st.integer);
        number(row, 6, movedIn.households(), st.integer);
        number(row, 7, movedIn.people(), st.integer);
        rate(row, 8, movedIn.households(), target.households(), st);
        number(row, 9, demolished.households(), st.integer);
        // demolished of those that have moved in, whichever year they moved in (carried-in cases included)
        rate(row, 10, demolished.households(), movedInToDate.households(), st);
        number(row, 11, accepted.households(), st.integer);
        number(row, 12, archived.households(), st.integer);
        number(row, 13, carriedOut.households(), st.integer);
        number(row, 14, open.households(), st.integer);
        Cell c = row.createCell(15);
        c.setCellValue(paid == null ? 0 : paid.doubleValue());
        c.setCellStyle(st.money);
    }

    private void ledger(Sheet sheet, Styles st, List<ReportLineRow> lines) {
        header(sheet.createRow(0), LEDGER, st);
        for (int c = 0; c < LEDGER_WIDTHS.length; c++) {
            sheet.setColumnWidth(c, LEDGER_WIDTHS[c] * 256 + 768);
        }
        sheet.createFreezePane(1, 1);
        int r = 1;
        for (ReportLineRow l : lines) {
            Row row = sheet.createRow(r++);
            text(row, 0, l.caseNo, st.cell);
            number(row, 1, l.planYear, st.integer);
            text(row, 2, townships.byCode(l.townshipCode).name(), st.cell);
            text(row, 3, l.villageName, st.cell);
            text(row, 4, l.villageGroup, st.cell);
            text(row, 5, l.headName, st.cell);
            number(row, 6, l.people, st.integer);
            text(row, 7, CaseCategory.valueOf(l.category).label(), st.cell);
            text(row, 8, RiskLevel.valueOf(l.riskLevel).label(), st.cell);
            text(row, 9, l.resettlementMode == null ? "" : ResettlementMode.valueOf(l.resettlementMode).label(), st.cell);
            text(row, 10, Stage.valueOf(l.stage).label(), st.cell);
            date(row, 11, l.agreementDate, st);
            date(row, 12, l.movedInDate, st);
            date(row, 13, l.demolishedDate, st);
            date(row, 14, l.acceptedDate, st);
            date(row, 15, l.archivedDate, st);
            money(row, 16, l.subsidyAmount, st);
            money(row, 17, l.paid, st);
            text(row, 18, l.carriedInFrom != null ? "由" + l.carriedInFrom + "年度结转" : l.carriedOutTo != null ? "结转至" + l.carriedOutTo + "年度" : "", st.cell);
        }
    }

    private static void header(Row row, String[] headers, Styles st) {
        for (int c = 0; c < headers.length; c++) {
            text(row, c, headers[c], st.header);
        }
    }

    private static void text(Row row, int c, String v, CellStyle style) {
        Cell cell = row.createCell(c);
        cell.setCellValue(v == null ? "" : v);
        if (style != null) {
            cell.setCellStyle(style);
        }
    }

    private static void number(Row row, int c, int v, CellStyle style) {
        Cell cell = row.createCell(c);
        cell.setCellValue(v);
        cell.setCellStyle(style);
    }

    private static void rate(Row row, int c, int part, int whole, Styles st) {
        Cell cell = row.createCell(c);
        if (whole > 0) {
            cell.setCellValue((double) part / whole);
        } else {
            cell.setBlank();
        }
        cell.setCellStyle(st.percent);
    }

    private static void money(Row row, int c, BigDecimal v, Styles st) {
        Cell cell = row.createCell(c);
        if (v != null) {
            cell.setCellValue(v.doubleValue());
        } else {
            cell.setBlank();
        }
        cell.setCellStyle(st.money);
    }

    private static void date(Row row, int c, LocalDate d, Styles st) {
        Cell cell = row.createCell(c);
        if (d != null) {
            cell.setCellValue(d);
        } else {
            cell.setBlank();
        }
        cell.setCellStyle(st.date);
    }

    /** The workbook's few cell styles (a workbook holds a limited number: create them once). */
    private static final class Styles {
        final CellStyle title;
        final CellStyle header;
        final CellStyle cell;
        final CellStyle integer;
        final CellStyle percent;
        final CellStyle money;
        final CellStyle date;

        Styles(SXSSFWorkbook wb) {
            Font bold = wb.createFont();
            bold.setBold(true);
            Font big = wb.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 14);
            title = wb.createCellStyle();
            title.setFont(big);
            title.setAlignment(HorizontalAlignment.CENTER);
            header = bordered(wb);
            header.setFont(bold);
            header.setAlignment(HorizontalAlignment.CENTER);
            header.setWrapText(true);
            cell = bordered(wb);
            integer = bordered(wb);
            integer.setDataFormat(wb.createDataFormat().getFormat("0"));
            percent = bordered(wb);
            percent.setDataFormat(wb.createDataFormat().getFormat("0.0%"));
            money = bordered(wb);
            money.setDataFormat(wb.createDataFormat().getFormat("#,##0.00"));
            date = bordered(wb);
            date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
        }

        private static CellStyle bordered(SXSSFWorkbook wb) {
            CellStyle s = wb.createCellStyle();
            s.setBorderBottom(BorderStyle.THIN);
            s.setBorderTop(BorderStyle.THIN);
            s.setBorderLeft(BorderStyle.THIN);
            s.setBorderRight(BorderStyle.THIN);
            return s;
        }
    }
}
