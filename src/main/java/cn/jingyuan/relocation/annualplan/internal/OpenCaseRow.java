package cn.jingyuan.relocation.annualplan.internal;

import java.time.LocalDate;

/** An open case of a plan year, as the rollover sees it. */
public class OpenCaseRow {
    public long id;
    public String caseNo;
    public String townshipCode;
    public String villageName;
    public String headName;
    public int people;
    public String stage;
    public LocalDate movedInDate;
}
