package cn.jingyuan.relocation.approval;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.stereotype.Component;
import cn.jingyuan.relocation.layout.PageText;

/** The printable approval sheet (审批表) of a batch and the xlsx list of batches. */
@Component
public class BatchDocuments {

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** People by name on paper, never by account id. */
    private final PageText text;

    BatchDocuments(PageText text) {
        this.text = text;
    }

    public byte[] sheet(BatchView b) {
        StringBuilder s = new StringBuilder(8192);
        s.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>审批表 ").append(b.id()).append("</title>")
                .append("<style>body{font-family:\"SimSun\",\"Songti SC\",serif;margin:24px}h1{text-align:center;font-size:22px}")
                .append("table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border:1px solid #000;padding:4px 6px;font-size:13px}")
                .append("th{background:#eee}@media print{body{margin:10mm}}</style></head><body>");
        s.append("<h1>泾源县地质灾害避险搬迁对象审批表</h1><table>");
        s.append("<tr><th>批次</th><td>").append(b.id()).append(" ").append(esc(b.title())).append("</td><th>计划年度</th><td>").append(b.year())
                .append("</td></tr>");
        s.append("<tr><th>户数</th><td>").append(b.households()).append("户</td><th>人数</th><td>").append(b.people()).append("人</td></tr>");
        s.append("<tr><th>补助总额(元)</th><td>").append(b.totalSubsidy().toPlainString()).append("</td><th>状态</th><td>")
                .append(esc(b.statusLabel())).append("</td></tr>");
        s.append("<tr><th>提交人</th><td>").append(esc(text.name(b.author()))).append("</td><th>批准文号</th><td>").append(esc(b.documentNo()))
                .append("</td></tr></table>");
        s.append("<h3>分乡镇</h3><table><tr><th>乡镇</th><th>户数</th><th>人数</th></tr>");
        for (BatchView.TownshipCount t : b.byTownship()) {
            s.append("<tr><td>").append(esc(t.name())).append("</td><td>").append(t.households()).append("</td><td>").append(t.people())
                    .append("</td></tr>");
        }
        s.append("</table><h3>审批意见</h3><table><tr><th>审批层级</th><th>结论</th><th>审批人</th><th>时间</th><th>意见</th><th>暂不纳入</th><th>文号</th></tr>");
        for (BatchView.Decision d : b.decisions()) {
            s.append("<tr><td>").append(esc(d.levelLabel())).append("</td><td>").append(esc(label(d.decision()))).append("</td><td>")
                    .append(esc(text.name(d.decidedBy()))).append("</td><td>").append(d.decidedAt().format(AT)).append("</td><td>").append(esc(d.comment()))
                    .append("</td><td>").append(esc(String.join("、", d.excludedCaseNos()))).append("</td><td>").append(esc(d.documentNo()))
                    .append("</td></tr>");
        }
        if (b.decisions().isEmpty()) {
            s.append("<tr><td colspan=\"7\">尚未审批</td></tr>");
        }
        s.append("</table><h3>案件清单</h3><table><tr><th>序号</th><th>案件编号</th><th>乡镇</th><th>村</th><th>户主</th><th>户主身份证号</th>")
                .append("<th>人数</th><th>安置方式</th><th>补助(元)</th><th>审批结果</th><th>意见</th></tr>");
        int i = 0;
        for (BatchView.BatchCase c : b.cases()) {
            s.append("<tr><td>").append(++i).append("</td><td>").append(esc(c.caseNo())).append("</td><td>").append(esc(c.township()))
                    .append("</td><td>").append(esc(c.village())).append("</td><td>").append(esc(c.headName())).append("</td><td>")
                    .append(esc(c.headIdNumber())).append("</td><td>").append(c.people()).append("</td><td>").append(esc(c.resettlementModeLabel()))
                    .append("</td><td>").append(c.subsidyAmount() == null ? "" : c.subsidyAmount().toPlainString()).append("</td><td>")
                    .append(esc(outcome(c.outcome()))).append("</td><td>").append(esc(c.opinion())).append("</td></tr>");
        }
        s.append("</table><p style=\"margin-top:40px\">分管副县长(签字):__________ &nbsp;&nbsp; 县长(签字):__________</p></body></html>");
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] list(List<BatchView> batches) {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet sheet = wb.createSheet("审批批次");
            Font bold = wb.createFont();
            bold.setBold(true);
            CellStyle head = wb.createCellStyle();
            head.setFont(bold);
            CellStyle money = wb.createCellStyle();
            money.setDataFormat(wb.createDataFormat().getFormat("#,##0.00"));
            String[] headers = {"批次号", "标题", "计划年度", "状态", "户数", "人数", "补助总额(元)", "提交人", "提交时间", "批准文号", "审批经过"};
            int[] widths = {8, 30, 10, 14, 8, 8, 16, 12, 18, 22, 60};
            Row h = sheet.createRow(0);
            for (int c = 0; c < headers.length; c++) {
                h.createCell(c).setCellValue(headers[c]);
                h.getCell(c).setCellStyle(head);
                sheet.setColumnWidth(c, widths[c] * 256 + 512);
            }
            sheet.createFreezePane(0, 1);
            int r = 1;
            for (BatchView b : batches) {
                Row row = sheet.createRow(r++);
                row.createCell(0).setCellValue(b.id());
                row.createCell(1).setCellValue(b.title());
                row.createCell(2).setCellValue(b.year());
                row.createCell(3).setCellValue(b.statusLabel());
                row.createCell(4).setCellValue(b.households());
                row.createCell(5).setCellValue(b.people());
                row.createCell(6).setCellValue(b.totalSubsidy().doubleValue());
                row.getCell(6).setCellStyle(money);
                row.createCell(7).setCellValue(text.name(b.author()));
                row.createCell(8).setCellValue(b.createdAt().format(AT));
                row.createCell(9).setCellValue(b.documentNo() == null ? "" : b.documentNo());
                row.createCell(10).setCellValue(String.join(";", b.decisions().stream()
                        .map(d -> d.levelLabel() + " " + text.name(d.decidedBy()) + " " + label(d.decision()) + ":" + d.comment()).toList()));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A decision's words on pages and sheets: 同意, 同意(部分暂不纳入), 不同意. */
    public static String label(String decision) {
        return switch (decision) {
            case "APPROVE" -> "同意";
            case "APPROVE_WITH_EXCLUSIONS" -> "同意(部分暂不纳入)";
            case "REJECT" -> "不同意";
            default -> decision;
        };
    }

    /** A case's outcome in a batch in words: 待审批, 批准, 暂不纳入, 退回, 已撤回. */
    public static String outcome(String outcome) {
        if (outcome == null) {
            return "";
        }
        return switch (outcome) {
            case "PENDING" -> "待审批";
            case "INCLUDED" -> "批准";
            case "EXCLUDED" -> "暂不纳入";
            case "REJECTED" -> "退回";
            case "WITHDRAWN" -> "已撤回";
            default -> outcome;
        };
    }

    private static String esc(String s) {
        return s == null ? "" : htmlEscape(s);
    }
}
