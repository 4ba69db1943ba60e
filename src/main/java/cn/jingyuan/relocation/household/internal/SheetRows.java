package cn.jingyuan.relocation.household.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;

/**
 * Collects the rows of a worksheet as a streaming reader hands them over (.xlsx or .xls alike): the first non-empty
 * row is the header, every later non-empty row a {@link LedgerLine} numbered from the header. It bounds what a file
 * can make it do: rows (blank ones too), cells in a row and cells in all, so a sheet that expands to millions of
 * cells is refused (413) as soon as it passes the bound, long before it could fill the heap.
 */
final class SheetRows {

    /** Columns looked at; a ledger has 15, a header may wander to the right a little. */
    static final int MAX_COLUMNS = 256;
    /** Rows of any kind, blank ones included (Excel's own limit). */
    static final int MAX_SHEET_ROWS = 1_048_576;
    /** Cell records in all, empty ones included: room for the largest ledger with formatting to spare. */
    static final long MAX_CELLS = (long) LedgerReader.MAX_ROWS * 64;
    /** Cell records in one row (Excel's column limit). */
    static final int MAX_ROW_CELLS = 16_384;

    final List<LedgerLine> lines = new ArrayList<>();
    private int[] map;
    private int headerRow = -1;
    private final String[] values = new String[MAX_COLUMNS];
    private final boolean[] numeric = new boolean[MAX_COLUMNS];
    private int width;
    private int rowCells;
    private long cells;
    private int sheetRows;

    void startRow() {
        if (++sheetRows > MAX_SHEET_ROWS) {
            throw LedgerReader.tooLarge("工作表行数超过Excel的上限,不是台账 (more rows than a worksheet can have)");
        }
        Arrays.fill(values, 0, width, null);
        Arrays.fill(numeric, 0, width, false);
        width = 0;
        rowCells = 0;
    }

    /** A cell of the current row, by 0-based column; {@code number} when the workbook stored it as a number. */
    void cell(int col, String value, boolean number) {
        if (++cells > MAX_CELLS || ++rowCells > MAX_ROW_CELLS) {
            throw LedgerReader.tooLarge("工作表的单元格远多于台账可能有的数量,可能是压缩炸弹 (far more cells than a ledger can have)");
        }
        if (col < 0 || col >= MAX_COLUMNS) {
            return;
        }
        values[col] = value;
        numeric[col] = number;
        width = Math.max(width, col + 1);
    }

    /** Ends the current row; {@code rowNum} is its 0-based number in the sheet. */
    void endRow(int rowNum) {
        String[] row = Arrays.copyOf(values, width);
        if (LedgerReader.isBlank(row)) {
            return;
        }
        if (map == null) {
            map = LedgerReader.headerMap(row);
            headerRow = rowNum;
            return;
        }
        if (lines.size() >= LedgerReader.MAX_ROWS) {
            throw LedgerReader.tooLarge("台账不能超过200000行 (at most 200,000 rows)");
        }
        String[] projected = new String[map.length];
        boolean[] numbers = new boolean[map.length];
        for (int c = 0; c < map.length; c++) {
            int i = map[c];
            if (i >= 0 && i < width) {
                projected[c] = LedgerReader.unescape(values[i]);
                numbers[c] = numeric[i];
            }
        }
        lines.add(new LedgerLine(rowNum - headerRow, projected, numbers));
    }

    List<LedgerLine> finish() {
        if (map == null) {
            throw ApiException.invalid("文件没有表头 (no header row)", List.of(new FieldError(null, "header", null, "文件没有表头")));
        }
        return lines;
    }
}
