package cn.jingyuan.relocation.household;

import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;

import cn.jingyuan.relocation.household.internal.HouseholdRow;

/**
 * The household rows and village cadres read during one engine command (a completion fires the task listener, the
 * stage listener, the next step's assignment expressions and the work-item listener, each wanting the case's
 * household). Outside a command nothing is kept; every write of {@link HouseholdService} forgets what it changed, and
 * the rows are gone with the command.
 */
final class CommandRows {

    private static final ThreadLocal<CommandRows> CURRENT = new ThreadLocal<>();

    private final WeakReference<CommandContext> context;
    private final Map<Long, HouseholdRow> byId = new HashMap<>();
    private final Map<String, Long> idByCaseNo = new HashMap<>();
    private final Map<Long, Optional<String>> cadres = new HashMap<>();

    private CommandRows(CommandContext context) {
        this.context = new WeakReference<>(context);
    }

    /** The rows of the current command, or null outside one. */
    static CommandRows current() {
        CommandContext c = Context.getCommandContext();
        if (c == null) {
            return null;
        }
        CommandRows rows = CURRENT.get();
        if (rows == null || rows.context.get() != c) {
            rows = new CommandRows(c);
            CURRENT.set(rows);
        }
        return rows;
    }

    static HouseholdRow byId(long id, Supplier<HouseholdRow> read) {
        CommandRows rows = current();
        if (rows == null) {
            return read.get();
        }
        HouseholdRow h = rows.byId.get(id);
        if (h == null) {
            h = read.get();
            rows.keep(h);
        }
        return h;
    }

    static HouseholdRow byCaseNo(String caseNo, Supplier<HouseholdRow> read) {
        CommandRows rows = current();
        if (rows == null) {
            return read.get();
        }
        Long id = rows.idByCaseNo.get(caseNo);
        HouseholdRow h = id == null ? null : rows.byId.get(id);
        if (h == null) {
            h = read.get();
            rows.keep(h);
        }
        return h;
    }

    /**
     * Keeps these rows, read together, for the rest of the current command (nothing outside one), and the cadres of
     * their villages as {@code cadres} reads them, for the villages it names.
     */
    static void keepAll(List<HouseholdRow> households, Map<Long, Optional<String>> villageCadres) {
        CommandRows rows = current();
        if (rows != null) {
            households.forEach(rows::keep);
            rows.cadres.putAll(villageCadres);
        }
    }

    static Optional<String> cadre(long villageId, Supplier<Optional<String>> read) {
        CommandRows rows = current();
        return rows == null ? read.get() : rows.cadres.computeIfAbsent(villageId, k -> read.get());
    }

    /** After a write to the household: read it again when next asked. */
    static void forget(long householdId) {
        CommandRows rows = CURRENT.get();
        if (rows != null) {
            rows.byId.remove(householdId);
        }
    }

    /** After a write to a village or to many households. */
    static void forgetAll() {
        CURRENT.remove();
    }

    private void keep(HouseholdRow h) {
        if (h != null) {
            byId.put(h.id, h);
            if (h.caseNo != null) {
                idByCaseNo.put(h.caseNo, h.id);
            }
        }
    }
}
