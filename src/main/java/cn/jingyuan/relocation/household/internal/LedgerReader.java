package cn.jingyuan.relocation.household.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.springframework.http.HttpStatus;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;

/**
 * Reads a ledger file into {@link LedgerLine}s, deciding the format by content, never by name: a ZIP that holds a
 * workbook is .xlsx (POI's streaming SAX reader, first sheet only), an OLE2 compound file is .xls (Excel 97–2003,
 * POI's record-level event reader, first sheet only), text is .csv in UTF-8 (with or without BOM) or GBK/GB18030.
 * Anything else is 415.
 * <p>
 * Workbooks are read from a file on disk, entry by entry, with POI's limits set (inflate ratio, expanded entry
 * size) and bounds of our own on shared strings, rows and cells, so a file that expands to gigabytes (a zip bomb)
 * is answered 413 within seconds, in little memory, instead of being expanded.
 */
public final class LedgerReader {

    public static final long MAX_BYTES = 20L * 1024 * 1024;
    public static final int MAX_ROWS = 200_000;
    /** The largest a workbook part may expand to: a 200,000-row ledger written with inline strings stays well below. */
    static final long MAX_EXPANDED_ENTRY = 256L * 1024 * 1024;
    /** Shared strings held in memory at most: a 200,000-row ledger has about four new strings per row. */
    static final int MAX_SHARED_STRINGS = MAX_ROWS * 8;
    static final long MAX_SHARED_CHARS = 64L * 1024 * 1024;
    /** Any other part of a workbook (styles, relationships, the workbook part itself). */
    static final long MAX_SMALL_PART = 16L * 1024 * 1024;

    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};

    static {
        // POI's zip-bomb guards are process-wide; these values hold for every workbook the application reads
        ZipSecureFile.setMinInflateRatio(0.01);
        ZipSecureFile.setMaxEntrySize(MAX_EXPANDED_ENTRY);
    }

    private LedgerReader() {
    }

    /** Reads a ledger held in memory (demo data, tests); workbooks go through a temporary file like uploads. */
    public static List<LedgerLine> read(byte[] content) {
        if (content.length > MAX_BYTES) {
            throw tooLarge("上传文件不能超过20MB (the upload limit is 20 MB)");
        }
        if (!isZip(content) && !isOle2(content)) {
            return readText(content);
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("ledger-", ".upload");
            Files.write(tmp, content);
            return read(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Copies an upload to a temporary file (refusing it with 413 as soon as it passes {@link #MAX_BYTES}), reads it and
     * deletes the file.
     */
    public static List<LedgerLine> read(InputStream upload) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("ledger-", ".upload");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = upload.read(buffer)) > 0; ) {
                    total += n;
                    if (total > MAX_BYTES) {
                        throw tooLarge("上传文件不能超过20MB (the upload limit is 20 MB)");
                    }
                    out.write(buffer, 0, n);
                }
            }
            return read(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Reads a ledger file on disk. */
    public static List<LedgerLine> read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw tooLarge("上传文件不能超过20MB (the upload limit is 20 MB)");
        }
        if (size == 0) {
            throw ApiException.invalid("文件为空 (the file is empty)", List.of(new FieldError(null, "file", null, "文件为空")));
        }
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            head = Arrays.copyOf(head, n);
        }
        if (isZip(head)) {
            return readXlsx(file.toFile());
        }
        if (isOle2(head)) {
            return readXls(file.toFile());
        }
        return readText(Files.readAllBytes(file));
    }

    private static List<LedgerLine> readText(byte[] content) {
        if (content.length == 0) {
            throw ApiException.invalid("文件为空 (the file is empty)", List.of(new FieldError(null, "file", null, "文件为空")));
        }
        if (isPdf(content)) {
            // a PDF without binary streams decodes as text and would otherwise be answered "missing columns"
            throw unsupported("文件是PDF,只接受 .xlsx、.xls 和 .csv 台账 (a PDF: only .xlsx, .xls and .csv ledgers are accepted)");
        }
        return readCsv(decodeText(content));
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                tmp.toFile().deleteOnExit();
            }
        }
    }

    static ApiException tooLarge(String detail) {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "文件过大 (Content Too Large)", detail);
    }

    static ApiException unsupported(String detail) {
        return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "不支持的文件类型 (Unsupported Media Type)", detail);
    }

    private static boolean isZip(byte[] b) {
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }

    private static boolean isOle2(byte[] b) {
        return b.length >= OLE2.length && Arrays.equals(Arrays.copyOf(b, OLE2.length), OLE2);
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
            throw unsupported("文件不是文本或Excel表格,只接受 .xlsx、.xls 和 .csv 台账 (binary content: only .xlsx, .xls and .csv ledgers are accepted)");
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

    private static List<LedgerLine> readXlsx(File file) {
        try {
            preflight(file);
        } catch (IOException | RuntimeException e) {
            throw bombOr(e, "无法读取Excel文件,请用Excel或WPS另存为 .xlsx 后重试 (not a readable .xlsx workbook)");
        }
        try (OPCPackage pkg = OPCPackage.open(file, PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            BoundedSharedStrings strings = new BoundedSharedStrings(pkg);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw ApiException.invalid("工作簿没有工作表 (the workbook has no sheet)", List.of(new FieldError(null, "file", null, "没有工作表")));
            }
            SheetRows rows = new SheetRows();
            try (InputStream sheet = sheets.next()) {
                XMLReader xml = XMLHelper.newXMLReader();
                xml.setContentHandler(new TypedSheetHandler(styles, strings, rows));
                xml.parse(new InputSource(sheet));
            }
            return rows.finish();
        } catch (ApiException e) {
            throw e;
        } catch (IOException | OpenXML4JException | SAXException | ParserConfigurationException | RuntimeException e) {
            throw bombOr(e, "无法读取Excel文件,请用Excel或WPS另存为 .xlsx 后重试 (not a readable .xlsx workbook)");
        }
    }

    private static List<LedgerLine> readXls(File file) {
        try {
            return XlsSheetReader.read(file);
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw bombOr(e, "无法读取Excel 97-2003文件(.xls),可能已加密、损坏或是更早的版本,请另存为 .xlsx 后重试 (not a readable .xls workbook)");
        }
    }

    /**
     * Parts other than worksheets and shared strings (content types, relationships, workbook, styles, themes) are
     * parsed whole into memory by POI; each must stay small. Streamed through once, bounded, before POI opens them.
     */
    private static void preflight(File file) throws IOException {
        try (ZipSecureFile zip = new ZipSecureFile(file)) {
            for (ZipArchiveEntry e : java.util.Collections.list(zip.getEntries())) {
                String name = e.getName();
                if (e.isDirectory() || name.startsWith("xl/worksheets/") || name.equals("xl/sharedStrings.xml")
                        || name.startsWith("xl/media/") || name.startsWith("docProps/thumbnail")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] buffer = new byte[64 * 1024];
                    long total = 0;
                    for (int n; (n = in.read(buffer)) > 0 && total <= MAX_SMALL_PART; ) {
                        total += n;
                    }
                    if (total > MAX_SMALL_PART) {
                        throw tooLarge("工作簿的" + name + "部分远大于正常文件,疑似压缩炸弹,未读取 (a workbook part expands far beyond normal)");
                    }
                }
            }
        }
    }

    /** POI's own zip-bomb guards answer with an IOException somewhere in the chain: that is 413, anything else 415. */
    private static ApiException bombOr(Throwable e, String unreadable) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
            if (t.getMessage() != null && t.getMessage().contains("Zip bomb")) {
                return tooLarge("工作簿解压后远大于任何台账,疑似压缩炸弹,未读取 (the workbook expands to far more than a ledger; refused unread)");
            }
        }
        return unsupported(unreadable);
    }

    /** POI's SAX sheet handler, noting each cell's stored type so that numbers can be told from text. */
    private static final class TypedSheetHandler extends XSSFSheetXMLHandler {
        private final Cells cells;

        TypedSheetHandler(StylesTable styles, BoundedSharedStrings strings, SheetRows rows) {
            this(styles, strings, new Cells(rows));
        }

        private TypedSheetHandler(StylesTable styles, BoundedSharedStrings strings, Cells cells) {
            super(styles, null, strings, cells, new DataFormatter(), false);
            this.cells = cells;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
            if ("c".equals(localName)) {
                String t = attributes.getValue("t");
                cells.number = t == null || "n".equals(t);
            }
            super.startElement(uri, localName, qName, attributes);
        }
    }

    private static final class Cells implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final SheetRows rows;
        boolean number;
        private int nextCol;

        Cells(SheetRows rows) {
            this.rows = rows;
        }

        @Override
        public void startRow(int rowNum) {
            rows.startRow();
            nextCol = 0;
        }

        @Override
        public void endRow(int rowNum) {
            rows.endRow(rowNum);
        }

        @Override
        public void cell(String cellReference, String formattedValue, XSSFComment comment) {
            // a cell without a reference (allowed, and written by some generators) follows the one before it
            int col = cellReference == null ? nextCol : new CellReference(cellReference).getCol();
            nextCol = col + 1;
            rows.cell(col, formattedValue, number);
        }
    }

    /** The shared strings, refused (413) once there are more of them than any ledger could hold. */
    private static final class BoundedSharedStrings extends ReadOnlySharedStringsTable {
        // set while the superclass constructor parses: plain fields, no initialisers
        private int items;
        private long chars;

        BoundedSharedStrings(OPCPackage pkg) throws IOException, SAXException {
            super(pkg, false);
        }

        @Override
        public void endElement(String uri, String localName, String name) throws SAXException {
            if ("si".equals(localName) && ++items > MAX_SHARED_STRINGS) {
                throw tooLarge("工作簿的共享字符串远多于台账可能有的数量,可能是压缩炸弹 (far more shared strings than a ledger can have)");
            }
            super.endElement(uri, localName, name);
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            chars += length;
            if (chars > MAX_SHARED_CHARS) {
                throw tooLarge("工作簿的共享字符串远多于台账可能有的数量,可能是压缩炸弹 (far more shared strings than a ledger can have)");
            }
            super.characters(ch, start, length);
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

    static String[] project(String[] values, int[] map) {
        String[] cells = new String[map.length];
        for (int c = 0; c < map.length; c++) {
            int i = map[c];
            cells[c] = i >= 0 && i < values.length ? unescape(values[i]) : null;
        }
        return cells;
    }

    /** Undoes the export's formula guard: {@code '=x} reads back as {@code =x}. */
    static String unescape(String v) {
        if (v != null && v.length() >= 2 && v.charAt(0) == '\'' && LedgerWriter.FORMULA_STARTS.indexOf(v.charAt(1)) >= 0) {
            return v.substring(1);
        }
        return v;
    }

    static boolean isBlank(String[] values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return false;
            }
        }
        return true;
    }
}
