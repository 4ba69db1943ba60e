package cn.jingyuan.relocation.calendar;

import cn.jingyuan.relocation.shared.Coded;

/** What a special day of the calendar is: a day off although a weekday, or a weekend day worked instead (调休). */
public enum DayType implements Coded {
    HOLIDAY("放假"),
    MAKEUP_WORKDAY("调休上班");

    private final String label;

    DayType(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
