package cn.jingyuan.relocation.household;

import java.util.List;

/**
 * Published inside the transaction that inserted households, instead of {@link HouseholdsChanged} for them: each one
 * with what the statistics count of it as inserted (its years, township, stage, resettlement mode, closed, people;
 * no milestone, no payment and no carry-over yet), so the statistics' counters need not read the rows
 * back. A later change in the same transaction publishes {@link HouseholdsChanged} as usual.
 */
public record HouseholdsInserted(List<Inserted> households) {

    /** A household as it was inserted; {@code resettlementMode} null while none is chosen. */
    public record Inserted(long id, int originYear, int planYear, String townshipCode, String stage, String resettlementMode,
                           boolean closed, int people) {
    }
}
