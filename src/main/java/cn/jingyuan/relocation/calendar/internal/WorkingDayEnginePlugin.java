package cn.jingyuan.relocation.calendar.internal;

import org.camunda.bpm.engine.impl.calendar.CycleBusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.DueDateBusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.DurationBusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.MapBusinessCalendarManager;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.calendar.WorkingDays;

/**
 * Puts the working-day calendar into the engine: timer durations ({@code timeDuration}, e.g.
 * {@code ${casePolicy.noticePeriod}} = {@code 7WD}) and task due dates given as text ({@code camunda:dueDate}) may
 * count working days. The engine resolves a duration through its business calendar "duration" and a due date or
 * {@code timeDate} through "dueDate" ({@code TimerDeclarationImpl}, {@code TaskDecorator}); cycles are unchanged.
 */
@Component
class WorkingDayEnginePlugin extends AbstractProcessEnginePlugin {

    private final WorkingDays workingDays;

    // lazy: configuring the engine does not pull in the calendar's mapper; the calendar is first read when a timer starts
    WorkingDayEnginePlugin(@Lazy WorkingDays workingDays) {
        this.workingDays = workingDays;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        MapBusinessCalendarManager calendars = new MapBusinessCalendarManager();
        calendars.addBusinessCalendar(DurationBusinessCalendar.NAME, new WorkingDayBusinessCalendar(new DurationBusinessCalendar(), workingDays));
        calendars.addBusinessCalendar(DueDateBusinessCalendar.NAME, new WorkingDayBusinessCalendar(new DueDateBusinessCalendar(), workingDays));
        calendars.addBusinessCalendar(CycleBusinessCalendar.NAME, new CycleBusinessCalendar());
        configuration.setBusinessCalendarManager(calendars);
    }
}
