package cn.jingyuan.relocation.annualplan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import cn.jingyuan.relocation.annualplan.internal.TallyMapper;
import cn.jingyuan.relocation.annualplan.internal.TallyRow;
import cn.jingyuan.relocation.household.HouseholdsChanged;
import cn.jingyuan.relocation.household.HouseholdsInserted;

/**
 * Keeps the statistics' counters (case_tally, V072; each spread over {@value #SLOTS} rows since V073) exact: the
 * households a transaction changed are collected, and just before it commits each one's old contribution is taken out
 * of the counters and its new one put in. Done last (after the other synchronizations, the audit chain's aside, and
 * after the parts) and in the thread's slot, the counter rows stay locked for the commit only and mostly by one
 * thread; taken in key order, two transactions never wait on each other in a circle. Households inserted in the
 * transaction and not changed after are counted from what they were inserted with ({@link HouseholdsInserted}: a new
 * household has no part yet, no payment and no carry-over), without reading them back; their parts are written in
 * JDBC batches.
 */
@Component
class CaseTally {

    /** {@link Pending}'s place among the synchronizations: last but the audit chain ({@code Ordered.LOWEST_PRECEDENCE}). */
    static final int ORDER = Ordered.LOWEST_PRECEDENCE - 1;
    /** Rows a counter is spread over (V073). */
    static final int SLOTS = 16;
    private static final int CHUNK = 500;
    /** Parts of inserted households per JDBC batch. */
    private static final int BATCH = 1000;

    private final TallyMapper tally;
    private final JdbcTemplate jdbc;

    CaseTally(TallyMapper tally, JdbcTemplate jdbc) {
        this.tally = tally;
        this.jdbc = jdbc;
    }

    @EventListener
    void on(HouseholdsChanged changed) {
        changed(changed.ids());
    }

    @EventListener
    void on(HouseholdsInserted inserted) {
        inserted(inserted.households());
    }

    /** These households (or their carry-overs or payments) changed in the current transaction. */
    void changed(Collection<Long> householdIds) {
        if (householdIds.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            refresh(Map.of(), householdIds);
            return;
        }
        pending().ids.addAll(householdIds);
    }

    /** These households were inserted in the current transaction, with these values. */
    void inserted(Collection<HouseholdsInserted.Inserted> households) {
        if (households.isEmpty()) {
            return;
        }
        Map<Long, HouseholdsInserted.Inserted> byId = new TreeMap<>();
        households.forEach(h -> byId.put(h.id(), h));
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            refresh(byId, List.of());
            return;
        }
        pending().inserted.putAll(byId);
    }

    private Pending pending() {
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(Pending.class);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(Pending.class, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        return pending;
    }

    /**
     * Brings the counters and parts of these households up to date: the inserted ones from their values (unless they
     * changed after, then like the changed ones), the changed ones from what the database holds now against their
     * stored parts.
     */
    void refresh(Map<Long, HouseholdsInserted.Inserted> inserted, Collection<Long> householdIds) {
        Set<Long> changedIds = new TreeSet<>(householdIds);
        List<Long> ids = new ArrayList<>(changedIds);
        List<TallyRow> changes = new ArrayList<>();
        List<List<Long>> changedChunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
            List<TallyRow> c = tally.findChanges(chunk);
            if (!c.isEmpty()) {
                changes.addAll(c);
                changedChunks.add(chunk);
            }
        }
        List<Part> parts = new ArrayList<>();
        for (HouseholdsInserted.Inserted h : inserted.values()) {
            if (!changedIds.contains(h.id())) {
                // a row each: merge adds into the rows it keeps, and the part must keep what it was inserted with
                parts.add(new Part(h.id(), asInserted(h)));
                changes.add(asInserted(h));
            }
        }
        for (List<Long> chunk : changedChunks) {
            tally.deleteParts(chunk);
            tally.insertParts(chunk);
        }
        for (int i = 0; i < parts.size(); i += BATCH) {
            insertParts(parts.subList(i, Math.min(parts.size(), i + BATCH)));
        }
        // the counters last: a counter row is shared by every case of its township and stage, and stays locked from
        // here to the commit, so nothing else of the transaction is done while other transactions wait for it
        changes.sort(KEY_ORDER);
        add(merge(changes), slot());
    }

    /**
     * The counters' changes in one JDBC batch (Connector/J sends it in one round trip), in key order: a job of a decided
     * batch moves some fifty counters of its 25 cases, one statement each before (general log of a 1,000-case batch:
     * 2,000 of its 22,000 statements). Each counter is created if it is not there yet and is under an X lock either
     * way, never the S lock a plain INSERT's duplicate check leaves, which transactions that all found the counter
     * missing would each hold and then each try to raise to X: a deadlock.
     */
    void add(List<TallyRow> counters, int slot) {
        if (counters.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(ADD, counters, counters.size(), (ps, r) -> {
            ps.setInt(1, r.planYear);
            ps.setBoolean(2, r.carriedIn);
            ps.setString(3, r.townshipCode);
            ps.setString(4, r.stage);
            ps.setString(5, r.resettlementMode);
            ps.setInt(6, r.currentYear);
            ps.setBoolean(7, r.closed);
            ps.setInt(8, r.movedInYear);
            ps.setBoolean(9, r.demolished);
            ps.setBoolean(10, r.accepted);
            ps.setBoolean(11, r.archived);
            ps.setInt(12, slot);
            ps.setInt(13, r.households);
            ps.setInt(14, r.people);
            ps.setBigDecimal(15, r.paid);
        });
    }

    private static final String ADD = "INSERT INTO case_tally (plan_year, carried_in, township_code, stage, resettlement_mode,"
            + " current_year, closed, moved_in_year, demolished, accepted, archived, slot, households, people, paid)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE households = households + VALUES(households), people = people + VALUES(people),"
            + " paid = paid + VALUES(paid)";

    /**
     * The slot this transaction adds its changes to: the thread's, so the job executor's threads (a decided batch's
     * jobs all move the same counters) and request threads mostly update rows of their own. Any slot keeps the sums
     * exact; the household's part remembers what it added, not where.
     */
    private static int slot() {
        return (int) (Thread.currentThread().getId() % SLOTS);
    }

    /** A household's part: what it adds to its counter. */
    private record Part(long householdId, TallyRow key) {
    }

    /** What a household adds to its counter as inserted: its own year, as partsNow in TallyMapper.xml reads it. */
    private static TallyRow asInserted(HouseholdsInserted.Inserted h) {
        TallyRow r = new TallyRow();
        r.planYear = h.originYear();
        r.carriedIn = false;
        r.townshipCode = h.townshipCode();
        r.stage = h.stage();
        r.resettlementMode = h.resettlementMode() == null ? "" : h.resettlementMode();
        r.currentYear = h.planYear();
        r.closed = h.closed();
        r.movedInYear = 0;
        r.demolished = false;
        r.accepted = false;
        r.archived = false;
        r.households = 1;
        r.people = h.people();
        r.paid = BigDecimal.ZERO;
        return r;
    }

    private static final String INSERT_PART = "INSERT INTO case_tally_part (household_id, plan_year, carried_in, township_code, stage,"
            + " resettlement_mode, current_year, closed, moved_in_year, demolished, accepted, archived, people, paid)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private void insertParts(List<Part> parts) {
        jdbc.batchUpdate(INSERT_PART, parts, parts.size(), (ps, p) -> {
            TallyRow r = p.key;
            ps.setLong(1, p.householdId);
            ps.setInt(2, r.planYear);
            ps.setBoolean(3, r.carriedIn);
            ps.setString(4, r.townshipCode);
            ps.setString(5, r.stage);
            ps.setString(6, r.resettlementMode);
            ps.setInt(7, r.currentYear);
            ps.setBoolean(8, r.closed);
            ps.setInt(9, r.movedInYear);
            ps.setBoolean(10, r.demolished);
            ps.setBoolean(11, r.accepted);
            ps.setBoolean(12, r.archived);
            ps.setInt(13, r.people);
            ps.setBigDecimal(14, r.paid);
        });
    }

    private static final java.util.Comparator<TallyRow> KEY_ORDER = java.util.Comparator
            .comparingInt((TallyRow r) -> r.planYear).thenComparing(r -> r.carriedIn).thenComparing(r -> r.townshipCode)
            .thenComparing(r -> r.stage).thenComparing(r -> r.resettlementMode).thenComparingInt(r -> r.currentYear)
            .thenComparing(r -> r.closed).thenComparingInt(r -> r.movedInYear).thenComparing(r -> r.demolished)
            .thenComparing(r -> r.accepted).thenComparing(r -> r.archived);

    /** Changes of the same counter from different chunks, added up (the list is in key order). */
    private static List<TallyRow> merge(List<TallyRow> sorted) {
        List<TallyRow> out = new ArrayList<>();
        for (TallyRow r : sorted) {
            TallyRow last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && KEY_ORDER.compare(last, r) == 0) {
                last.households += r.households;
                last.people += r.people;
                last.paid = last.paid.add(r.paid);
            } else {
                out.add(r);
            }
        }
        out.removeIf(r -> r.households == 0 && r.people == 0 && r.paid.signum() == 0);
        return out;
    }

    private final class Pending implements TransactionSynchronization {
        final TreeSet<Long> ids = new TreeSet<>();
        final Map<Long, HouseholdsInserted.Inserted> inserted = new TreeMap<>();

        /**
         * After every other synchronization but the audit chain's: the counter rows are locked from here to the commit
         * (a batch's jobs all move the same few counters, and each job waited on the one before for its notices
         * and parts: JFR of a 1,000-case batch, 7.2 s of lock waits on the counters in a 6.2 s advance).
         */
        @Override
        public int getOrder() {
            return ORDER;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            refresh(inserted, ids);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(Pending.class);
        }
    }
}
