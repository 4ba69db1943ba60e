package cn.jingyuan.relocation.annualplan.internal;

import java.math.BigDecimal;

/**
 * A counter of case_tally (or a change to one): the attributes, the slot (one of the rows a counter is spread over,
 * see V073), then households, people and paid.
 */
public class TallyRow {
    public int planYear;
    public boolean carriedIn;
    public String townshipCode;
    public String stage;
    public String resettlementMode;
    public int currentYear;
    public boolean closed;
    public int movedInYear;
    public boolean demolished;
    public boolean accepted;
    public boolean archived;
    public int slot;
    public int households;
    public int people;
    public BigDecimal paid;
}
