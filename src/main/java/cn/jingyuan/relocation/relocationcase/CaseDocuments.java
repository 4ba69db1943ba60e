package cn.jingyuan.relocation.relocationcase;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import cn.jingyuan.relocation.household.HouseholdDetail;
import cn.jingyuan.relocation.household.HouseholdQuery;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.HouseholdSummary;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.PageRequest;

/**
 * Printable documents of the case process: the case file (一户一档) and the village's public-notice list.
 * Both are self-contained HTML pages ready for the browser's print; the notice list is also an xlsx. Notices carry
 * no identity or phone numbers: name, village, group, household size and category only.
 */
@Component
public class CaseDocuments {

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final String STYLE = """
            <style>body{font-family:"SimSun","Songti SC","Microsoft YaHei",serif;margin:24px;color:#000}
            h1{text-align:center;font-size:22px}h2{font-size:16px;border-bottom:1px solid #000;margin-top:24px}
            table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border:1px solid #000;padding:4px 6px;font-size:13px;vertical-align:top}
            th{background:#eee}.meta{font-size:12px;color:#333}.sign{margin-top:40px;display:flex;justify-content:space-between}
            @media print{body{margin:10mm}.noprint{display:none}}</style>""";

    private final RelocationCaseService cases;
    private final HouseholdService households;
    private final Clock clock;

    CaseDocuments(RelocationCaseService cases, HouseholdService households, Clock clock) {
        this.cases = cases;
        this.households = households;
        this.clock = clock;
    }

    /** The case file: household, members, every step with who, when, decision and comment, and the payments. */
    @Transactional(readOnly = true)
    public byte[] caseFile(String caseNo, CurrentUser user) {
        CaseView c = cases.view(caseNo, user);
        HouseholdDetail h = households.get(c.householdId(), user, false);
        StringBuilder b = new StringBuilder(8192);
        b.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>一户一档 ").append(esc(caseNo))
                .append("</title>").append(STYLE).append("</head><body>");
        b.append("<h1>泾源县地质灾害避险搬迁一户一档</h1>");
        b.append("<p class=\"meta\">案件编号 ").append(esc(caseNo)).append(" · 当前阶段 ").append(esc(c.stageLabel()))
                .append(" · 生成时间 ").append(LocalDateTime.now(clock).format(AT)).append(" · 生成人 ").append(esc(user.id())).append("</p>");
        b.append("<h2>一、户基本情况</h2><table>");
        row(b, "计划年度", h.planYear() + (h.originYear() != h.planYear() ? "(由" + h.originYear() + "年度结转)" : ""), "乡镇", h.townshipName());
        row(b, "村/组", h.village() + (h.villageGroup() == null ? "" : " " + h.villageGroup()), "隐患点编号", h.hazardSiteCode());
        row(b, "搬迁类别", h.categoryLabel(), "风险等级", h.riskLevelLabel());
        row(b, "户主", h.headName(), "联系电话", h.phone());
        row(b, "家庭人口", h.people() + "人", "安置方式", h.resettlementModeLabel());
        row(b, "核定补助(元)", h.subsidyAmount() == null ? null : h.subsidyAmount().toPlainString(), "优先级", h.priority() == null ? null : String.valueOf(h.priority()));
        row(b, "协议签订", str(h.agreementDate()), "搬迁入住", str(h.movedInDate()));
        row(b, "旧房拆除", str(h.demolishedDate()), "宅基地复垦", str(h.reclaimedDate()));
        row(b, "验收", str(h.acceptedDate()), "归档", str(h.archivedDate()));
        b.append("</table>");
        b.append("<h2>二、家庭成员</h2><table><tr><th>序号</th><th>姓名</th><th>与户主关系</th><th>性别</th><th>出生日期</th><th>身份证号</th></tr>");
        for (HouseholdDetail.MemberView m : h.members()) {
            b.append("<tr><td>").append(m.seq()).append("</td><td>").append(esc(m.name())).append("</td><td>").append(esc(m.relation()))
                    .append("</td><td>").append("M".equals(m.sex()) ? "男" : "女").append("</td><td>").append(m.birthDate())
                    .append("</td><td>").append(esc(m.idNumber())).append("</td></tr>");
        }
        b.append("</table>");
        b.append("<h2>三、办理过程</h2><table><tr><th>时间</th><th>阶段</th><th>事项</th><th>办理人</th><th>结论</th><th>意见/说明</th><th>登记内容</th></tr>");
        for (CaseView.HistoryEntry e : c.history()) {
            b.append("<tr><td>").append(e.at() == null ? "" : e.at().format(AT)).append("</td><td>").append(esc(e.stageLabel()))
                    .append("</td><td>").append(esc(e.taskName() != null ? e.taskName() : e.typeLabel())).append("</td><td>")
                    .append(esc(e.actorName() == null ? e.actor() : e.actorName() + "(" + e.actor() + ")")).append("</td><td>")
                    .append(esc(decisionLabel(e.decision()))).append("</td><td>").append(esc(e.comment())).append("</td><td>")
                    .append(esc(details(e.details()))).append("</td></tr>");
        }
        b.append("</table>");
        b.append("<h2>四、补助资金拨付</h2><table><tr><th>期次</th><th>节点</th><th>金额(元)</th><th>拨付日期</th><th>凭证号</th><th>登记人</th></tr>");
        for (CaseView.Payment p : c.payments()) {
            b.append("<tr><td>第").append(p.trancheNo()).append("期</td><td>").append("AGREEMENT".equals(p.milestone()) ? "签订协议后" : "验收后")
                    .append("</td><td>").append(p.amount().toPlainString()).append("</td><td>").append(p.paidOn()).append("</td><td>")
                    .append(esc(p.voucherNo())).append("</td><td>").append(esc(p.recordedBy())).append("</td></tr>");
        }
        if (c.payments().isEmpty()) {
            b.append("<tr><td colspan=\"6\">尚无拨付记录</td></tr>");
        }
        b.append("</table><div class=\"sign\"><span>经办人:</span><span>审核人:</span><span>归档日期:</span></div></body></html>");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Households of a village under public notice (村级评议公示), for the notice board. */
    @Transactional(readOnly = true)
    public List<HouseholdSummary> noticeList(int year, String township, String village, CurrentUser user) {
        if (village == null || village.isBlank()) {
            throw ApiException.badRequest("须指定村 village (village is required)");
        }
        return households.list(new HouseholdQuery(year, township, Stage.PUBLIC_NOTICE, null, PageRequest.of(0, 500)), user).items()
                .stream().filter(h -> h.village().equals(village.strip())).toList();
    }

    public byte[] noticeHtml(int year, String township, String village, List<HouseholdSummary> list) {
        String title = esc(township) + esc(village) + year + "年度地质灾害避险搬迁对象公示";
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>").append(title).append("</title>").append(STYLE)
                .append("</head><body><h1>").append(title).append("</h1>");
        b.append("<p>经村民代表会议评议,下列农户拟列为").append(year).append("年度地质灾害避险搬迁对象,现予公示。公示期间如有异议,请向村委会或乡镇工作专班反映。</p>");
        b.append("<table><tr><th>序号</th><th>户主姓名</th><th>村</th><th>组</th><th>家庭人口</th><th>搬迁类别</th></tr>");
        int i = 0;
        for (HouseholdSummary h : list) {
            b.append("<tr><td>").append(++i).append("</td><td>").append(esc(h.headName())).append("</td><td>").append(esc(h.village()))
                    .append("</td><td>").append(esc(h.villageGroup())).append("</td><td>").append(h.people()).append("</td><td>")
                    .append(esc(h.categoryLabel())).append("</td></tr>");
        }
        if (list.isEmpty()) {
            b.append("<tr><td colspan=\"6\">该村当前没有处于公示期的农户</td></tr>");
        }
        b.append("</table><div class=\"sign\"><span>").append(esc(village)).append("村民委员会(盖章)</span><span>")
                .append(LocalDateTime.now(clock).toLocalDate()).append("</span></div></body></html>");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] noticeXlsx(int year, String township, String village, List<HouseholdSummary> list) {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet sheet = wb.createSheet("公示名单");
            Font bold = wb.createFont();
            bold.setBold(true);
            CellStyle head = wb.createCellStyle();
            head.setFont(bold);
            Row title = sheet.createRow(0);
            title.createCell(0).setCellValue(township + village + year + "年度地质灾害避险搬迁对象公示");
            title.getCell(0).setCellStyle(head);
            sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, 5));
            String[] headers = {"序号", "户主姓名", "村", "组", "家庭人口", "搬迁类别"};
            int[] widths = {6, 12, 12, 8, 10, 14};
            Row h = sheet.createRow(1);
            for (int c = 0; c < headers.length; c++) {
                h.createCell(c).setCellValue(headers[c]);
                h.getCell(c).setCellStyle(head);
                sheet.setColumnWidth(c, widths[c] * 256 + 512);
            }
            int r = 2;
            for (HouseholdSummary x : list) {
                Row row = sheet.createRow(r);
                row.createCell(0).setCellValue(r - 1);
                row.createCell(1).setCellValue(x.headName());
                row.createCell(2).setCellValue(x.village());
                row.createCell(3).setCellValue(x.villageGroup() == null ? "" : x.villageGroup());
                row.createCell(4).setCellValue(x.people());
                row.createCell(5).setCellValue(x.categoryLabel());
                r++;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void row(StringBuilder b, String k1, String v1, String k2, String v2) {
        b.append("<tr><th>").append(k1).append("</th><td>").append(esc(v1)).append("</td><th>").append(k2).append("</th><td>")
                .append(esc(v2)).append("</td></tr>");
    }

    private static String decisionLabel(String d) {
        if (d == null) {
            return null;
        }
        return switch (d) {
            case "APPROVE" -> "同意";
            case "RETURN" -> "退回";
            case "REJECT" -> "不予通过";
            case "EXCLUDE" -> "暂不纳入";
            case "UPHOLD" -> "异议成立";
            case "DISMISS" -> "异议不成立";
            case "APPLY" -> "申请搬迁";
            case "REFUSE" -> "不愿搬迁";
            case "RECLAIMED" -> "已复垦";
            case "HAZARD_ZONE" -> "划为危险区";
            default -> d;
        };
    }

    private static String details(Object details) {
        if (!(details instanceof Map<?, ?> m) || m.isEmpty()) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        m.forEach((k, v) -> s.append(k).append('=').append(v).append("; "));
        return s.toString();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String esc(String s) {
        return s == null ? "" : htmlEscape(s);
    }
}
