package cn.jingyuan.relocation.household.internal;

/**
 * One data row of a ledger file: its 1-based data row number, its cells by {@link LedgerColumn} ordinal, and which
 * of them the spreadsheet stored as numbers (a workbook's numeric cells; always false for csv).
 */
public record LedgerLine(int row, String[] cells, boolean[] numbers) {

    public LedgerLine(int row, String[] cells) {
        this(row, cells, new boolean[cells.length]);
    }

    public String get(LedgerColumn c) {
        String v = cells[c.ordinal()];
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** Whether the workbook held this cell as a number rather than as text. */
    public boolean isNumber(LedgerColumn c) {
        return numbers[c.ordinal()];
    }
}
