package cn.jingyuan.relocation.annualplan.internal;

/** One group (township × stage × mode) of a year's cases with every counter as households and people. */
public class FigureRow {
    public String townshipCode;
    public String stage;
    public String resettlementMode;
    public int households;
    public int people;
    public int plannedH;
    public int plannedP;
    public int carriedInH;
    public int carriedInP;
    public int movedInH;
    public int movedInP;
    public int movedInToDateH;
    public int movedInToDateP;
    public int demolishedH;
    public int demolishedP;
    public int acceptedH;
    public int acceptedP;
    public int archivedH;
    public int archivedP;
    public int carriedOutH;
    public int carriedOutP;
    public int openH;
    public int openP;
}
