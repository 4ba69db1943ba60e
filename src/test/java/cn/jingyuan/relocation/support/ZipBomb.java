package cn.jingyuan.relocation.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * A hostile .xlsx: a valid workbook whose one sheet is a single row of about a billion repeated empty cells
 * ({@code <c/>}, 4 GB of XML), deflated to about 4 MB, under the 20 MB upload limit. It is written in milliseconds:
 * one megabyte of cells is deflated once with a full flush (which makes its compressed bytes independent of what
 * came before) and those bytes are repeated.
 */
public final class ZipBomb {

    /** Cells in the sheet: 3,815 chunks of 262,144 cells. */
    public static final long CELLS = 3815L * 262_144;

    private static final byte[] CELL = "<c/>".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK_CELLS = 262_144;
    private static final int CHUNKS = 3815;
    /** Our flag for "end the stream" ({@link Deflater#finish()}). */
    private static final int END = -1;

    private ZipBomb() {
    }

    public static byte[] xlsx() {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            small(zip, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                    <Default Extension="xml" ContentType="application/xml"/>\
                    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                    </Types>""");
            small(zip, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                    </Relationships>""");
            small(zip, "xl/workbook.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                    <sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            small(zip, "xl/_rels/workbook.xml.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
                    </Relationships>""");
            sheet(zip);
            zip.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void small(ZipArchiveOutputStream zip, String name, String content) throws IOException {
        zip.putArchiveEntry(new ZipArchiveEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
    }

    private static void sheet(ZipArchiveOutputStream zip) throws IOException {
        byte[] head = ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">")
                .getBytes(StandardCharsets.UTF_8);
        byte[] chunk = new byte[CELL.length * CHUNK_CELLS];
        for (int i = 0; i < CHUNK_CELLS; i++) {
            System.arraycopy(CELL, 0, chunk, i * CELL.length, CELL.length);
        }
        byte[] tail = "</row></sheetData></worksheet>".getBytes(StandardCharsets.UTF_8);

        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zHead = deflate(deflater, head, Deflater.FULL_FLUSH);
        byte[] zChunk = deflate(deflater, chunk, Deflater.FULL_FLUSH);
        if (!Arrays.equals(zChunk, deflate(deflater, chunk, Deflater.FULL_FLUSH))) {
            throw new IllegalStateException("a fully flushed chunk should deflate to the same bytes every time");
        }
        byte[] zTail = deflate(deflater, tail, END);
        deflater.end();

        CRC32 crc = new CRC32();
        crc.update(head);
        for (int i = 0; i < CHUNKS; i++) {
            crc.update(chunk);
        }
        crc.update(tail);

        ZipArchiveEntry e = new ZipArchiveEntry("xl/worksheets/sheet1.xml");
        e.setMethod(ZipEntry.DEFLATED);
        e.setSize(head.length + (long) chunk.length * CHUNKS + tail.length);
        e.setCompressedSize(zHead.length + (long) zChunk.length * CHUNKS + zTail.length);
        e.setCrc(crc.getValue());
        zip.addRawArchiveEntry(e, new InputStream() {
            private int part = -1; // -1 head, 0..CHUNKS-1 chunks, CHUNKS tail
            private byte[] current = zHead;
            private int at;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                while (at == current.length) {
                    if (part == CHUNKS) {
                        return -1;
                    }
                    part++;
                    current = part < CHUNKS ? zChunk : zTail;
                    at = 0;
                }
                int n = Math.min(len, current.length - at);
                System.arraycopy(current, at, b, off, n);
                at += n;
                return n;
            }
        });
    }

    /** Deflates {@code input}; with FULL_FLUSH the output ends byte-aligned with an empty dictionary, with FINISH it ends the stream. */
    private static byte[] deflate(Deflater deflater, byte[] input, int mode) {
        deflater.setInput(input);
        if (mode == END) {
            deflater.finish();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        while (true) {
            int n = deflater.deflate(buffer, 0, buffer.length, mode == END ? Deflater.NO_FLUSH : mode);
            out.write(buffer, 0, n);
            if (mode == END ? deflater.finished() : n < buffer.length && deflater.needsInput()) {
                return out.toByteArray();
            }
        }
    }
}
