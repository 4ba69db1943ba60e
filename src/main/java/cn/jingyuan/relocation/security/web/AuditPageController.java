package cn.jingyuan.relocation.security.web;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import cn.jingyuan.relocation.layout.NavItem;
import cn.jingyuan.relocation.layout.PageText;
import cn.jingyuan.relocation.layout.PageController;
import cn.jingyuan.relocation.security.Access;
import cn.jingyuan.relocation.security.AuditEntry;
import cn.jingyuan.relocation.security.AuditLog;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.PageRequest;
import cn.jingyuan.relocation.shared.PageResult;

/** 系统管理 - 审计日志: the audit trail with filters (kind of record, record, person, dates), 50 entries a page, newest first. */
@PageController
class AuditPageController {

    static final int PAGE_SIZE = 50;
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm:ss");

    /** The audit trail's record kinds in words (the services' and the doors' entity names). */
    static final Map<String, String> ENTITIES = entities();

    private final AuditLog audit;
    private final PageText text;

    AuditPageController(AuditLog audit, PageText text) {
        this.audit = audit;
        this.text = text;
    }

    /** {@code entityId} is shown; {@code entityRef} is the stored id, kept as the cell's tooltip for the administrator. */
    record Line(String at, String actor, String action, String entity, String entityId, String entityRef, String summary,
                String result) {
    }

    /** An engine id (task, process instance) means nothing to a reader; the page shows it only as a tooltip. */
    private static final java.util.regex.Pattern ENGINE_ID =
            java.util.regex.Pattern.compile("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");

    static String shown(String id) {
        return id == null || ENGINE_ID.matcher(id).find() ? null : id;
    }

    static String withoutEngineIds(String summary) {
        return ENGINE_ID.matcher(summary).replaceAll("(流程内部编号)");
    }

    @GetMapping("/admin")
    String admin() {
        Access.require(CurrentUsers.current(), Role.ADMIN);
        return "redirect:/admin/accounts";
    }

    @GetMapping("/admin/audit")
    String audit(@RequestParam(required = false) String entity, @RequestParam(required = false) String entityId,
                 @RequestParam(required = false) String user, @RequestParam(required = false) String from,
                 @RequestParam(required = false) String to, @RequestParam(required = false) Integer page, Model model) {
        CurrentUser me = CurrentUsers.current();
        Access.require(me, Role.ADMIN);
        PageResult<AuditEntry> found = audit.find(entity, entityId, user, day(from, "from", false), day(to, "to", true),
                PageRequest.of(page, PAGE_SIZE), me);
        Function<String, String> names = text.names();
        List<Line> lines = found.items().stream().map(e -> new Line(e.at().format(AT), "anonymous".equals(e.actor()) ? "未登录访问者"
                : names.apply(e.actor()), e.actionLabel(), e.entity() == null ? "" : ENTITIES.getOrDefault(e.entity(), "其他"),
                shown(e.entityId()), e.entityId(), e.summary() == null ? "" : withoutEngineIds(text.readable(e.summary())),
                result(e.httpStatus()))).toList();
        int p = found.page();
        model.addAttribute("lines", lines);
        model.addAttribute("total", found.total());
        model.addAttribute("page", p);
        model.addAttribute("hasPrev", p > 0);
        model.addAttribute("hasNext", (long) (p + 1) * PAGE_SIZE < found.total());
        model.addAttribute("entities", ENTITIES);
        model.addAttribute("filter", filter(entity, entityId, user, from, to));
        return "admin/audit";
    }

    private static Map<String, String> filter(String entity, String entityId, String user, String from, String to) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("entity", entity == null ? "" : entity);
        f.put("entityId", entityId == null ? "" : entityId);
        f.put("user", user == null ? "" : user);
        f.put("from", from == null ? "" : from);
        f.put("to", to == null ? "" : to);
        return f;
    }

    private static String result(Integer status) {
        if (status == null || status < 400) {
            return "成功";
        }
        return status == 403 ? "被拒绝" : status == 401 ? "未通过身份验证" : "未成功";
    }

    private static java.time.LocalDateTime day(String s, String name, boolean end) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(s.strip());
            return end ? d.plusDays(1).atStartOfDay() : d.atStartOfDay();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(("from".equals(name) ? "开始日期" : "结束日期") + "应为日期,如 2025-05-20");
        }
    }

    private static Map<String, String> entities() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("household", "搬迁户");
        m.put("case", "案件");
        m.put("task", "办理任务");
        m.put("batch", "审批批次");
        m.put("plan", "年度计划");
        m.put("village", "村");
        m.put("cadre", "包村干部");
        m.put("ledger", "台账");
        m.put("account", "账号");
        m.put("calendar", "工作日历");
        m.put("process-instance", "流程实例");
        return m;
    }

    @Configuration(proxyBeanMethods = false)
    static class Pages {

        @Bean
        NavItem adminNav() {
            return NavItem.of("系统管理", "/admin", 90, Role.ADMIN);
        }
    }
}
