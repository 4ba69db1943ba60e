package cn.jingyuan.relocation.annualplan;

/** A count of households and the people in them. */
public record Counter(int households, int people) {

    public static final Counter ZERO = new Counter(0, 0);

    public Counter plus(Counter o) {
        return new Counter(households + o.households, people + o.people);
    }

    public Counter plus(int h, int p) {
        return new Counter(households + h, people + p);
    }
}
