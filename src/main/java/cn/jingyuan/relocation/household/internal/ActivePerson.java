package cn.jingyuan.relocation.household.internal;

/** A person (by keyed hash of the identity number) who is in an open household, and which one. */
public class ActivePerson {
    public String idHash;
    public long householdId;
    public String caseNo;
    public int planYear;
    public String headIdHash;
}
