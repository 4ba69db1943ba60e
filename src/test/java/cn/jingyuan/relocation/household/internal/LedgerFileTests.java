package cn.jingyuan.relocation.household.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.support.Ledger;

/** Ledger files written by {@link LedgerWriter} and read by {@link LedgerReader}, without Spring or a database. */
class LedgerFileTests {

    private static String[] line(String remarks) {
        String[] r = new String[LedgerColumn.values().length];
        r[LedgerColumn.PLAN_YEAR.ordinal()] = "2025";
        r[LedgerColumn.TOWNSHIP.ordinal()] = "黄花乡";
        r[LedgerColumn.NAME.ordinal()] = "马德福";
        r[LedgerColumn.REMARKS.ordinal()] = remarks;
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+8613912345678", "-3", "@SUM(A1:A2)", "=HYPERLINK(\"http://example.invalid\",\"点我\")"})
    void aCellThatASpreadsheetWouldRunIsWrittenWithAnApostropheAndReadBackAsItWas(String remarks) {
        byte[] csv = LedgerWriter.csv(List.<String[]>of(line(remarks)));
        byte[] xlsx = LedgerWriter.xlsx("台账", List.<String[]>of(line(remarks)));

        assertThat(new String(csv, StandardCharsets.UTF_8)).contains("'" + remarks.substring(0, 2));
        assertThat(LedgerReader.read(csv)).singleElement().satisfies(l -> assertThat(l.get(LedgerColumn.REMARKS)).isEqualTo(remarks));
        assertThat(LedgerReader.read(xlsx)).singleElement().satisfies(l -> assertThat(l.get(LedgerColumn.REMARKS)).isEqualTo(remarks));
    }

    @Test
    void aCellStartingWithATabOrACarriageReturnIsGuardedToo() {
        assertThat(LedgerWriter.escape("\t=1+1")).isEqualTo("'\t=1+1");
        assertThat(LedgerWriter.escape("\r=cmd|' /C calc'!A0")).isEqualTo("'\r=cmd|' /C calc'!A0");
        assertThat(LedgerReader.unescape("'\t=1+1")).isEqualTo("\t=1+1");
        assertThat(new String(LedgerWriter.csv(List.<String[]>of(line("\t=1+1"))), StandardCharsets.UTF_8)).contains("'\t=1+1");
    }

    @Test
    void harmlessTextIsWrittenAsItIs() {
        assertThat(LedgerWriter.escape("高峰村整村搬迁")).isEqualTo("高峰村整村搬迁");
        assertThat(LedgerWriter.escape("'引号开头")).isEqualTo("'引号开头");
        assertThat(LedgerWriter.escape("")).isEmpty();
        assertThat(LedgerWriter.escape(null)).isNull();
    }

    @Test
    void theCsvIsUtf8WithABomAndTheContractsHeader() {
        byte[] csv = LedgerWriter.csv(List.of());

        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8).strip()).isEqualTo(String.join(",", Ledger.HEADERS));
    }

    @Test
    void csvEncodingsAreDetectedByContent() {
        Ledger ledger = Ledger.create().household(2025, "黄花乡", "向阳村", 2);

        for (byte[] file : List.of(ledger.csv(), ledger.csv(StandardCharsets.UTF_8, true), ledger.csv(Charset.forName("GBK"), false),
                ledger.csv(Charset.forName("GB18030"), true))) {
            List<LedgerLine> lines = LedgerReader.read(file);
            assertThat(lines).extracting(l -> l.row() + " " + l.get(LedgerColumn.TOWNSHIP) + " " + l.get(LedgerColumn.NAME))
                    .containsExactly("1 黄花乡 " + ledger.get(1, "姓名"), "2 黄花乡 " + ledger.get(2, "姓名"));
        }
    }

    @Test
    void blankLinesAreSkippedButKeepTheirRowNumbers() {
        Ledger ledger = Ledger.create().household(2025, "黄花乡", "向阳村", 1);
        String csv = new String(ledger.csv(), StandardCharsets.UTF_8) + ",,,,,,,,,,,,,,\n"
                + new String(Ledger.create().household(2025, "黄花乡", "向阳村", 1).csv(), StandardCharsets.UTF_8).lines().skip(1)
                .findFirst().orElseThrow() + "\n";

        assertThat(LedgerReader.read(csv.getBytes(StandardCharsets.UTF_8))).extracting(LedgerLine::row).containsExactly(1, 3);
    }

    @Test
    void columnsAreFoundByTheirHeaderInAnyOrder() {
        String csv = "备注,姓名,身份证号,与户主关系,户主身份证号,风险等级,搬迁类别,村,乡镇,计划年度\n无,马德,640424198506151235,户主,640424198506151235,高,其他,沙塘村,香水镇,2025\n";

        LedgerLine line = LedgerReader.read(csv.getBytes(StandardCharsets.UTF_8)).get(0);

        assertThat(line.get(LedgerColumn.PLAN_YEAR)).isEqualTo("2025");
        assertThat(line.get(LedgerColumn.NAME)).isEqualTo("马德");
        assertThat(line.get(LedgerColumn.PHONE)).isNull();
    }

    @Test
    void eachMissingRequiredColumnIsNamed() {
        String csv = "计划年度,乡镇,村,姓名\n2025,香水镇,沙塘村,马德\n";

        assertThatThrownBy(() -> LedgerReader.read(csv.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(422);
                    assertThat(e.errors()).extracting(f -> f.field()).containsExactly("搬迁类别", "风险等级", "户主身份证号", "身份证号", "与户主关系");
                });
    }

    @Test
    void emptyAndOversizeFiles() {
        assertThatThrownBy(() -> LedgerReader.read(new byte[0]))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(422));
        assertThatThrownBy(() -> LedgerReader.read(new byte[20 * 1024 * 1024 + 1]))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(413));
    }
}
