package cn.jingyuan.relocation.calendar;

import cn.jingyuan.relocation.shared.Coded;

/** Where a year's holidays and make-up working days come from. */
public enum CalendarSource implements Coded {
    /** The State Council's schedule as the built-in library (cn.6tail:lunar) carries it; not editable here. */
    LIBRARY("国务院节假日安排(系统内置)"),
    /** The table the bureau maintains for the years the library does not know. */
    BUREAU("本局维护"),
    /** Nobody has entered the year: its deadlines count weekends only. */
    NONE("未维护");

    private final String label;

    CalendarSource(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
