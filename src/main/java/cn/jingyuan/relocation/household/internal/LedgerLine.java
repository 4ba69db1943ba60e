package cn.jingyuan.relocation.household.internal;

/** One data row of a ledger file: its 1-based data row number and its cells by {@link LedgerColumn} ordinal. */
public record LedgerLine(int row, String[] cells) {

    public String get(LedgerColumn c) {
        String v = cells[c.ordinal()];
        return v == null || v.isBlank() ? null : v.strip();
    }
}
