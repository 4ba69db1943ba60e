package cn.jingyuan.relocation.calendar.internal;

import java.util.Date;

import org.camunda.bpm.engine.impl.calendar.BusinessCalendar;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;

import cn.jingyuan.relocation.calendar.Term;
import cn.jingyuan.relocation.calendar.WorkingDays;

/**
 * One of the engine's business calendars with working days added: {@code 7WD} ends on the 7th working day after
 * the timer (or task) starts, at the same time of day; anything else goes to the engine's own calendar unchanged
 * (ISO durations, dates, and whatever else that calendar reads).
 */
class WorkingDayBusinessCalendar implements BusinessCalendar {

    private final BusinessCalendar engineCalendar;
    private final WorkingDays workingDays;

    WorkingDayBusinessCalendar(BusinessCalendar engineCalendar, WorkingDays workingDays) {
        this.engineCalendar = engineCalendar;
        this.workingDays = workingDays;
    }

    @Override
    public Date resolveDuedate(String description) {
        return resolveDuedate(description, (Date) null);
    }

    @Override
    public Date resolveDuedate(String description, Task task) {
        return isWorkingDays(description) ? resolveDuedate(description, (Date) null) : engineCalendar.resolveDuedate(description, task);
    }

    @Override
    public Date resolveDuedate(String description, Date startDate) {
        if (isWorkingDays(description)) {
            return workingDays.after(startDate != null ? startDate : ClockUtil.getCurrentTime(), Term.valueOf(description));
        }
        return engineCalendar.resolveDuedate(description, startDate);
    }

    private static boolean isWorkingDays(String description) {
        return description != null && description.strip().endsWith("WD") && Term.isTerm(description);
    }
}
