package cn.jingyuan.relocation.relocationcase;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.relocationcase.internal.CaseEventMapper;
import cn.jingyuan.relocation.relocationcase.internal.CaseEventRow;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.PiiCipher;

/**
 * Writes a case's history (case_event) in the caller's transaction. The actor is whoever acts: the user of an
 * /api request, the Camunda webapp user of a Tasklist completion, or "system" for timers and jobs.
 * <p>
 * A step's opinion ({@code comment}) and its values ({@code details}: relatives' names, new addresses, flat numbers …)
 * are personal: they are stored encrypted with the personal-data key ({@link PiiCipher}, whole texts) and read back
 * in the clear by {@link #of}, for those the case file is shown to. Rows written before V015 were encrypted by it.
 */
@Component
public class CaseHistory {

    /** Rows one JDBC batch sends at most (Connector/J rewrites a batch into multi-row statements). */
    static final int ROWS_PER_BATCH = 1_000;

    private static final String INSERT = "INSERT INTO case_event (household_id, case_no, event_type, stage, task_id, task_key,"
            + " task_name, actor, actor_name, occurred_at, decision, comment, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final CaseEventMapper events;
    private final JdbcTemplate jdbc;
    private final IdentityService identity;
    private final AccountDirectory accounts;
    private final ObjectMapper json;
    private final Clock clock;
    private final PiiCipher cipher;
    private final Map<String, String> names = new ConcurrentHashMap<>();

    CaseHistory(CaseEventMapper events, JdbcTemplate jdbc, IdentityService identity, AccountDirectory accounts, ObjectMapper json, Clock clock,
                PiiCipher cipher) {
        this.events = events;
        this.jdbc = jdbc;
        this.identity = identity;
        this.accounts = accounts;
        this.json = json;
        this.clock = clock;
        this.cipher = cipher;
    }

    /** The user acting right now. */
    public String actor() {
        Authentication a = identity.getCurrentAuthentication();
        if (a != null && a.getUserId() != null) {
            return a.getUserId();
        }
        return CurrentUsers.idOrSystem();
    }

    public void record(HouseholdRef h, CaseEventType type, Stage stage, String taskId, String taskKey, String taskName,
                       String decision, String comment, Map<String, Object> details) {
        events.insert(sealed(row(h.id(), h.caseNo(), type, stage, taskId, taskKey, taskName, actor(), decision, comment, details,
                LocalDateTime.now(clock))));
    }

    public void record(HouseholdRef h, CaseEventType type, String decision, String comment, Map<String, Object> details) {
        record(h, type, h.stage(), null, null, null, decision, comment, details);
    }

    public CaseEventRow row(long householdId, String caseNo, CaseEventType type, Stage stage, String taskId, String taskKey,
                            String taskName, String actor, String decision, String comment, Map<String, Object> details,
                            LocalDateTime at) {
        CaseEventRow r = new CaseEventRow();
        r.householdId = householdId;
        r.caseNo = caseNo;
        r.eventType = type.name();
        r.stage = stage == null ? null : stage.name();
        r.taskId = taskId;
        r.taskKey = taskKey;
        r.taskName = taskName;
        r.actor = actor;
        r.actorName = nameOf(actor);
        r.occurredAt = at;
        r.decision = decision;
        r.comment = comment == null || comment.isBlank() ? null : comment.length() > 2000 ? comment.substring(0, 2000) : comment;
        try {
            r.details = details == null || details.isEmpty() ? null : json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return r;
    }

    /**
     * Writes many rows at once (cases opened, a batch decided, the rollover, the demo story) in JDBC batches of one
     * static statement: MyBatis building a {@code <foreach>} of thirteen values a row was a fifth of placing the demo
     * story's cases (JFR of the embedded default's cold start). The rows given are left as they are.
     */
    public void recordAll(List<CaseEventRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<CaseEventRow> stored = rows.stream().map(this::sealed).toList();
        jdbc.batchUpdate(INSERT, stored, ROWS_PER_BATCH, (ps, r) -> {
            ps.setLong(1, r.householdId);
            ps.setString(2, r.caseNo);
            ps.setString(3, r.eventType);
            ps.setString(4, r.stage);
            ps.setString(5, r.taskId);
            ps.setString(6, r.taskKey);
            ps.setString(7, r.taskName);
            ps.setString(8, r.actor);
            ps.setString(9, r.actorName);
            ps.setObject(10, r.occurredAt);
            ps.setString(11, r.decision);
            ps.setString(12, r.comment);
            ps.setString(13, r.details);
        });
    }

    /** A case's history, oldest first, its comments and details in the clear. */
    public List<CaseEventRow> of(long householdId) {
        List<CaseEventRow> rows = events.findByHousehold(householdId);
        for (CaseEventRow r : rows) {
            r.comment = cipher.decryptText(r.comment);
            r.details = cipher.decryptText(r.details);
        }
        return rows;
    }

    /** A copy of {@code r} as it is stored: its comment and details encrypted. */
    private CaseEventRow sealed(CaseEventRow r) {
        CaseEventRow s = new CaseEventRow();
        s.householdId = r.householdId;
        s.caseNo = r.caseNo;
        s.eventType = r.eventType;
        s.stage = r.stage;
        s.taskId = r.taskId;
        s.taskKey = r.taskKey;
        s.taskName = r.taskName;
        s.actor = r.actor;
        s.actorName = r.actorName;
        s.occurredAt = r.occurredAt;
        s.decision = r.decision;
        s.comment = cipher.encrypt(r.comment);
        s.details = cipher.encrypt(r.details);
        return s;
    }

    String nameOf(String userId) {
        if ("system".equals(userId)) {
            return "系统";
        }
        return names.computeIfAbsent(userId, id -> accounts.displayName(id).filter(n -> !n.isBlank()).orElse(id));
    }
}
