package cn.jingyuan.relocation.household.internal;

import java.io.File;
import java.io.IOException;
import java.util.List;

import org.apache.poi.hssf.eventusermodel.FormatTrackingHSSFListener;
import org.apache.poi.hssf.eventusermodel.HSSFEventFactory;
import org.apache.poi.hssf.eventusermodel.HSSFListener;
import org.apache.poi.hssf.eventusermodel.HSSFRequest;
import org.apache.poi.hssf.record.BOFRecord;
import org.apache.poi.hssf.record.BoolErrRecord;
import org.apache.poi.hssf.record.CellValueRecordInterface;
import org.apache.poi.hssf.record.EOFRecord;
import org.apache.poi.hssf.record.FormulaRecord;
import org.apache.poi.hssf.record.LabelRecord;
import org.apache.poi.hssf.record.LabelSSTRecord;
import org.apache.poi.hssf.record.NumberRecord;
import org.apache.poi.hssf.record.Record;
import org.apache.poi.hssf.record.SSTRecord;
import org.apache.poi.hssf.record.StringRecord;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.CellType;

/**
 * Reads the first worksheet of an Excel 97–2003 workbook (.xls, as WPS and older Excel save ledgers) with POI's
 * record-level event API: the file is opened read-only from disk and walked record by record, so no workbook is
 * built in memory. Numbers and dates are formatted as Excel shows them (their cell format), exactly as the .xlsx
 * reader does, and numeric cells are marked as such.
 */
final class XlsSheetReader implements HSSFListener {

    private final SheetRows rows = new SheetRows();
    private final FormatTrackingHSSFListener formats = new FormatTrackingHSSFListener(this);
    private SSTRecord strings;
    private int worksheets;
    private boolean inFirstSheet;
    private int currentRow = -1;
    private FormulaRecord pendingString;

    static List<LedgerLine> read(File file) throws IOException {
        XlsSheetReader reader = new XlsSheetReader();
        try (POIFSFileSystem fs = new POIFSFileSystem(file, true)) {
            HSSFRequest request = new HSSFRequest();
            request.addListenerForAllRecords(reader.formats);
            new HSSFEventFactory().processWorkbookEvents(request, fs);
        }
        if (reader.currentRow >= 0) {
            reader.rows.endRow(reader.currentRow);
        }
        return reader.rows.finish();
    }

    @Override
    public void processRecord(Record record) {
        switch (record.getSid()) {
            case BOFRecord.sid -> {
                if (((BOFRecord) record).getType() == BOFRecord.TYPE_WORKSHEET) {
                    inFirstSheet = worksheets++ == 0;
                }
            }
            case EOFRecord.sid -> {
                if (inFirstSheet && currentRow >= 0) {
                    rows.endRow(currentRow);
                    currentRow = -1;
                }
                inFirstSheet = false;
            }
            case SSTRecord.sid -> strings = (SSTRecord) record;
            case LabelSSTRecord.sid -> {
                LabelSSTRecord r = (LabelSSTRecord) record;
                cell(r, strings == null ? null : strings.getString(r.getSSTIndex()).getString(), false);
            }
            case LabelRecord.sid -> cell((LabelRecord) record, ((LabelRecord) record).getValue(), false);
            case NumberRecord.sid -> cell((NumberRecord) record, formats.formatNumberDateCell((NumberRecord) record), true);
            case BoolErrRecord.sid -> {
                BoolErrRecord r = (BoolErrRecord) record;
                cell(r, r.isBoolean() ? (r.getBooleanValue() ? "TRUE" : "FALSE") : null, false);
            }
            case FormulaRecord.sid -> {
                FormulaRecord r = (FormulaRecord) record;
                if (r.hasCachedResultString()) {
                    pendingString = r; // the value follows in a StringRecord
                } else if (r.getCachedResultType() == CellType.BOOLEAN.getCode()) {
                    cell(r, r.getCachedBooleanValue() ? "TRUE" : "FALSE", false);
                } else if (r.getCachedResultType() == CellType.NUMERIC.getCode()) {
                    cell(r, formats.formatNumberDateCell(r), true);
                }
            }
            case StringRecord.sid -> {
                if (pendingString != null) {
                    cell(pendingString, ((StringRecord) record).getString(), false);
                    pendingString = null;
                }
            }
            default -> {
                // formatting, layout and the other sheets' records carry nothing for a ledger
            }
        }
    }

    private void cell(CellValueRecordInterface c, String value, boolean number) {
        if (!inFirstSheet) {
            return;
        }
        if (c.getRow() != currentRow) {
            if (currentRow >= 0) {
                rows.endRow(currentRow);
            }
            currentRow = c.getRow();
            rows.startRow();
        }
        rows.cell(c.getColumn(), value, number);
    }
}
