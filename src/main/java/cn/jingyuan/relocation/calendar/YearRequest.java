package cn.jingyuan.relocation.calendar;

import java.util.List;

/**
 * {@code PUT /api/calendar/{year}}: the year's special days as the bureau enters them. Values stay text until
 * checked, so every bad entry is reported with its position instead of failing the whole body.
 *
 * @param basis the document the days come from (optional), e.g. 国务院办公厅关于2027年部分节假日安排的通知
 */
public record YearRequest(String basis, List<Entry> days) {

    /** One day: {@code date} as yyyy-MM-dd, {@code type} HOLIDAY or MAKEUP_WORKDAY (or 放假 / 调休上班), a name. */
    public record Entry(String date, String type, String name) {
    }
}
