package cn.jingyuan.relocation.worklist.web;

import java.time.LocalDate;
import java.time.LocalDateTime;

import cn.jingyuan.relocation.calendar.WorkingDays;

/** A due date as the pages say it: working days left (or overdue), never a date-time code. */
record DueText(String text, String css) {

    private static final int HORIZON = 400;

    static DueText of(LocalDateTime due, boolean overdue, LocalDate today, WorkingDays calendar) {
        if (due == null) {
            return new DueText("无期限", "text-secondary");
        }
        LocalDate day = due.toLocalDate();
        if (overdue || day.isBefore(today)) {
            int late = between(day, today, calendar);
            return new DueText(late <= 0 ? "已逾期" : "已逾期" + late + "个工作日", "due-overdue");
        }
        if (day.equals(today)) {
            return new DueText("今天到期", "due-soon");
        }
        int left = between(today, day, calendar);
        return new DueText(left == 0 ? "下个工作日前到期" : "剩余" + left + "个工作日", left <= 2 ? "due-soon" : "");
    }

    /** Working days after {@code from} up to and including {@code to}. */
    static int between(LocalDate from, LocalDate to, WorkingDays calendar) {
        int n = 0;
        LocalDate d = from.plusDays(1);
        for (int i = 0; i < HORIZON && !d.isAfter(to); i++, d = d.plusDays(1)) {
            if (calendar.isWorkingDay(d)) {
                n++;
            }
        }
        return n;
    }
}
