package cn.jingyuan.relocation.annualplan;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A plan year's figures (the contract's statistics). The year's cases are the households registered for it
 * ({@code planned}) and those carried into it ({@code carriedIn}). {@code movedIn} counts those that moved in during
 * the year (a household counts as relocated in the year it moves in); {@code movedInToDate} those that have moved in
 * by the end of the year, whenever (the base of the demolition rate); {@code demolished}, {@code accepted},
 * {@code archived} those that have reached the milestone; {@code open} those still open in the year;
 * {@code carriedOut} those carried into the next year. A closed year answers with the snapshot frozen at its
 * rollover ({@code frozen}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Statistics(
        int year,
        boolean frozen,
        LocalDateTime frozenAt,
        Counter target,
        Counter planned,
        Counter carriedIn,
        Counter movedIn,
        Counter movedInToDate,
        Counter demolished,
        Counter accepted,
        Counter archived,
        Counter carriedOut,
        Counter open,
        BigDecimal subsidyPaid,
        Map<String, Counter> byStage,
        List<TownshipFigures> byTownship,
        Map<String, Counter> byMode) {

    /** The same counters for one township. */
    public record TownshipFigures(String code, String name, Counter target, Counter planned, Counter carriedIn, Counter movedIn,
                                  Counter movedInToDate, Counter demolished, Counter accepted, Counter archived, Counter carriedOut, Counter open,
                                  BigDecimal subsidyPaid) {
    }
}
