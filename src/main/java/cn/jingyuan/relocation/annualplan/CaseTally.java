package cn.jingyuan.relocation.annualplan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import cn.jingyuan.relocation.annualplan.internal.TallyMapper;
import cn.jingyuan.relocation.annualplan.internal.TallyRow;
import cn.jingyuan.relocation.household.HouseholdsChanged;

/**
 * Keeps the statistics' counters (case_tally, V072) exact: the households a transaction changed are collected, and
 * just before it commits each one's old contribution is taken out of the counters and its new one put in. Done last,
 * the counter rows stay locked for the commit only; taken in key order, two transactions never wait on each other
 * in a circle.
 */
@Component
class CaseTally {

    private static final int CHUNK = 500;

    private final TallyMapper tally;

    CaseTally(TallyMapper tally) {
        this.tally = tally;
    }

    @EventListener
    void on(HouseholdsChanged changed) {
        changed(changed.ids());
    }

    /** These households (or their carry-overs or payments) changed in the current transaction. */
    void changed(Collection<Long> householdIds) {
        if (householdIds.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            refresh(new TreeSet<>(householdIds));
            return;
        }
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(Pending.class);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(Pending.class, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.ids.addAll(householdIds);
    }

    /** Brings the counters and parts of these households up to date. */
    void refresh(Collection<Long> householdIds) {
        List<Long> ids = new ArrayList<>(new TreeSet<>(householdIds));
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
        changes.sort(KEY_ORDER);
        for (TallyRow c : merge(changes)) {
            tally.add(c);
        }
        for (List<Long> chunk : changedChunks) {
            tally.deleteParts(chunk);
            tally.insertParts(chunk);
        }
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

        @Override
        public int getOrder() {
            return 100;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            refresh(ids);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(Pending.class);
        }
    }
}
