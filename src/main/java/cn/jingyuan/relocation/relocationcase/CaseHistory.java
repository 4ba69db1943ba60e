package cn.jingyuan.relocation.relocationcase;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.relocationcase.internal.CaseEventMapper;
import cn.jingyuan.relocation.relocationcase.internal.CaseEventRow;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUsers;

/**
 * Writes a case's history (case_event) in the caller's transaction. The actor is whoever acts: the user of an
 * /api request, the Camunda webapp user of a Tasklist completion, or "system" for timers and jobs.
 */
@Component
public class CaseHistory {

    private final CaseEventMapper events;
    private final IdentityService identity;
    private final AccountDirectory accounts;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, String> names = new ConcurrentHashMap<>();

    CaseHistory(CaseEventMapper events, IdentityService identity, AccountDirectory accounts, ObjectMapper json, Clock clock) {
        this.events = events;
        this.identity = identity;
        this.accounts = accounts;
        this.json = json;
        this.clock = clock;
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
        events.insert(row(h.id(), h.caseNo(), type, stage, taskId, taskKey, taskName, actor(), decision, comment, details,
                LocalDateTime.now(clock)));
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

    /** Writes many rows at once (demo data and rollovers). */
    public void recordAll(List<CaseEventRow> rows) {
        for (int i = 0; i < rows.size(); i += 500) {
            events.insertAll(rows.subList(i, Math.min(rows.size(), i + 500)));
        }
    }

    public List<CaseEventRow> of(long householdId) {
        return events.findByHousehold(householdId);
    }

    String nameOf(String userId) {
        if ("system".equals(userId)) {
            return "系统";
        }
        return names.computeIfAbsent(userId, id -> accounts.displayName(id).filter(n -> !n.isBlank()).orElse(id));
    }
}
