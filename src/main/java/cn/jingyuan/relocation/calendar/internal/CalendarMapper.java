package cn.jingyuan.relocation.calendar.internal;

import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/** The bureau's calendar tables: calendar_year and calendar_day. */
@Mapper
public interface CalendarMapper {

    CalendarYearRow findYear(int year);

    /** The year's row, locked until the transaction ends; null when the bureau has not entered the year. */
    CalendarYearRow lockYear(int year);

    List<CalendarDayRow> findDays(int year);

    void insertYear(CalendarYearRow row);

    void updateYear(CalendarYearRow row);

    int deleteDays(int year);

    void insertDays(@Param("days") List<CalendarDayRow> days);
}
