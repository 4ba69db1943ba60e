package cn.jingyuan.relocation.household.internal;

import java.time.LocalDate;

/** A row of {@code member}; the identity number only as cipher text, keyed hash and masked form. */
public class MemberRow {
    public Long id;
    public long householdId;
    public int seq;
    public String name;
    public String relation;
    public String idCipher;
    public String idHash;
    public String idMasked;
    public String activeIdHash;
    public String sex;
    public LocalDate birthDate;
}
