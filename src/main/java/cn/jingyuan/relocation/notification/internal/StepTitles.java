package cn.jingyuan.relocation.notification.internal;

import java.time.format.DateTimeFormatter;
import java.util.Date;

import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.shared.TimeConfig;

/** How a notice names a step: "乡镇审核 · 640424-2025-0001 马某某户(香水镇高峰村)", dates as "10月15日". */
@Component
public class StepTitles {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日");
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("M月d日H:mm");

    private final HouseholdService households;

    StepTitles(HouseholdService households) {
        this.households = households;
    }

    /** The households of these cases (those that exist), in one query per thousand. */
    public java.util.List<HouseholdRef> households(java.util.Collection<String> caseNos) {
        return caseNos.isEmpty() ? java.util.List.of() : households.findRefs(caseNos);
    }

    /** The step and, when its process is a case, the case it belongs to ({@code h} null otherwise). */
    public String step(String taskName, HouseholdRef h) {
        StringBuilder s = new StringBuilder(taskName == null || taskName.isBlank() ? "待办事项" : taskName);
        if (h != null) {
            s.append(" · ").append(h.caseNo()).append(' ').append(h.headName()).append("户(").append(h.township().name())
                    .append(h.villageName()).append(')');
        }
        return s.toString();
    }

    public static String day(Date date) {
        return DAY.format(date.toInstant().atZone(TimeConfig.COUNTY_ZONE));
    }

    public static String dayAndTime(Date date) {
        return DAY_AND_TIME.format(date.toInstant().atZone(TimeConfig.COUNTY_ZONE));
    }
}
