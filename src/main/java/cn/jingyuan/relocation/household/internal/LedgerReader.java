package cn.jingyuan.relocation.household.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.springframework.http.HttpStatus;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;

/**
 * Reads a ledger file into {@link LedgerLine}s, deciding the format by content, never by name: a ZIP that holds a
 * workbook is .xlsx (read with POI's streaming SAX reader, one sheet, no workbook in memory); text is .csv in
 * UTF-8 (with or without BOM) or GBK/GB18030. Anything else is 415.
 */
public final class LedgerReader {

    public static final long MAX_BYTES = 20L * 1024 * 1024;
    public static final int MAX_ROWS = 200_000;

    private LedgerReader() {
    }

    public static List<LedgerLine> read(byte[] content) {
        if (content.length > MAX_BYTES) {
            throw tooLarge("上传文件不能超过20MB (the upload limit is 20 MB)");
        }
        if (content.length == 0) {
            throw ApiException.invalid("文件为空 (the file is empty)", List.of(new FieldError(null, "file", null, "文件为空")));
        }
        if (isZip(content)) {
            return readXlsx(content);
        }
        if (isPdf(content)) {
            // a PDF without binary streams decodes as text and would otherwise be answered "missing columns"
            throw unsupported("文件是PDF,只接受 .xlsx 和 .csv 台账 (a PDF: only .xlsx and .csv ledgers are accepted)");
        }
        String text = decodeText(content);
        return readCsv(text);
    }

    static ApiException tooLarge(String detail) {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "文件过大 (Content Too Large)", detail);
    }

    static ApiException unsupported(String detail) {
        return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "不支持的文件类型 (Unsupported Media Type)", detail);
    }

    private static boolean isZip(byte[] b) {
        return b.length > 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }

    private static boolean isPdf(byte[] b) {
        return b.length >= 5 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F' && b[4] == '-';
    }

    /** UTF-8 (BOM or not) when it decodes strictly, else GB18030 (a superset of GBK); binary content is 415. */
    static String decodeText(byte[] b) {
        int nul = 0;
        for (int i = 0; i < Math.min(b.length, 8192); i++) {
            if (b[i] == 0) {
                nul++;
            }
        }
        if (nul > 0) {
            throw unsupported("文件不是文本或Excel表格,只接受 .xlsx 和 .csv 台账 (binary content: only .xlsx and .csv ledgers are accepted)");
        }
        int offset = b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
        String text = strict(StandardCharsets.UTF_8, b, offset);
        if (text == null) {
            text = strict(Charset.forName("GB18030"), b, 0);
        }
        if (text == null) {
            throw unsupported("无法识别文件编码,只接受UTF-8或GBK编码的CSV (text is neither UTF-8 nor GBK/GB18030)");
        }
        long control = text.chars().limit(8192).filter(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t').count();
        if (control > 0) {
            throw unsupported("文件不是文本台账 (control characters: not a text ledger)");
        }
        return text;
    }

    private static String strict(Charset cs, byte[] b, int offset) {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, offset, b.length - offset)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static List<LedgerLine> readCsv(String text) {
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(false).get().parse(new StringReader(text))) {
            List<LedgerLine> lines = new ArrayList<>();
            int[] map = null;
            int dataRow = 0;
            for (CSVRecord rec : parser) {
                String[] values = rec.values();
                if (map == null) {
                    map = headerMap(values);
                    continue;
                }
                dataRow++;
                if (isBlank(values)) {
                    continue;
                }
                if (lines.size() >= MAX_ROWS) {
                    throw tooLarge("台账不能超过200000行 (at most 200,000 rows)");
                }
                lines.add(new LedgerLine(dataRow, project(values, map)));
            }
            if (map == null) {
                throw ApiException.invalid("文件没有表头 (no header row)", List.of(new FieldError(null, "header", null, "文件没有表头")));
            }
            return lines;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw ApiException.invalid("CSV格式错误:" + e.getMessage() + " (malformed CSV)",
                    List.of(new FieldError(null, "file", null, "CSV格式错误")));
        }
    }

    private static List<LedgerLine> readXlsx(byte[] content) {
        try (OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(content))) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw ApiException.invalid("工作簿没有工作表 (the workbook has no sheet)", List.of(new FieldError(null, "file", null, "没有工作表")));
            }
            SheetCollector collector = new SheetCollector();
            try (InputStream sheet = sheets.next()) {
                XMLReader xml = XMLHelper.newXMLReader();
                xml.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, collector, new DataFormatter(), false));
                xml.parse(new InputSource(sheet));
            }
            if (collector.map == null) {
                throw ApiException.invalid("文件没有表头 (no header row)", List.of(new FieldError(null, "header", null, "文件没有表头")));
            }
            return collector.lines;
        } catch (ApiException e) {
            throw e;
        } catch (IOException | OpenXML4JException | SAXException | ParserConfigurationException | RuntimeException e) {
            throw unsupported("无法读取Excel文件,请另存为 .xlsx 后重试 (not a readable .xlsx workbook)");
        }
    }

    /** Collects one sheet's rows; the first non-empty row is the header. */
    private static final class SheetCollector implements XSSFSheetXMLHandler.SheetContentsHandler {
        final List<LedgerLine> lines = new ArrayList<>();
        int[] map;
        int headerRow = -1;
        List<String> current = new ArrayList<>();

        @Override
        public void startRow(int rowNum) {
            current = new ArrayList<>();
        }

        @Override
        public void endRow(int rowNum) {
            String[] values = current.toArray(new String[0]);
            if (map == null) {
                if (isBlank(values)) {
                    return;
                }
                map = headerMap(values);
                headerRow = rowNum;
                return;
            }
            if (isBlank(values)) {
                return;
            }
            if (lines.size() >= MAX_ROWS) {
                throw tooLarge("台账不能超过200000行 (at most 200,000 rows)");
            }
            lines.add(new LedgerLine(rowNum - headerRow, project(values, map)));
        }

        @Override
        public void cell(String cellReference, String formattedValue, XSSFComment comment) {
            int col = new CellReference(cellReference).getCol();
            while (current.size() < col) {
                current.add(null);
            }
            current.add(formattedValue);
        }
    }

    /** Maps file columns to {@link LedgerColumn}s by header text; refuses a file that lacks a required column. */
    static int[] headerMap(String[] header) {
        Map<LedgerColumn, Integer> found = new EnumMap<>(LedgerColumn.class);
        for (int i = 0; i < header.length; i++) {
            String h = header[i] == null ? "" : header[i].replace("\uFEFF", "").strip();
            for (LedgerColumn c : LedgerColumn.values()) {
                if (c.header().equals(h) && !found.containsKey(c)) {
                    found.put(c, i);
                }
            }
        }
        List<FieldError> missing = new ArrayList<>();
        for (LedgerColumn c : LedgerColumn.values()) {
            if (c.requiredColumn() && !found.containsKey(c)) {
                missing.add(new FieldError(null, c.header(), null, "缺少必需的列“" + c.header() + "” (missing column)"));
            }
        }
        if (!missing.isEmpty()) {
            throw ApiException.invalid("台账缺少必需的列,表头应为:" + String.join(",",
                    Arrays.stream(LedgerColumn.values()).map(LedgerColumn::header).toList()) + " (missing columns)", missing);
        }
        int[] map = new int[LedgerColumn.values().length];
        Arrays.fill(map, -1);
        found.forEach((c, i) -> map[c.ordinal()] = i);
        return map;
    }

    private static String[] project(String[] values, int[] map) {
        String[] cells = new String[map.length];
        for (int c = 0; c < map.length; c++) {
            int i = map[c];
            cells[c] = i >= 0 && i < values.length ? unescape(values[i]) : null;
        }
        return cells;
    }

    /** Undoes the export's formula guard: {@code '=x} reads back as {@code =x}. */
    static String unescape(String v) {
        if (v != null && v.length() >= 2 && v.charAt(0) == '\'' && "=+-@".indexOf(v.charAt(1)) >= 0) {
            return v.substring(1);
        }
        return v;
    }

    private static boolean isBlank(String[] values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return false;
            }
        }
        return true;
    }
}
