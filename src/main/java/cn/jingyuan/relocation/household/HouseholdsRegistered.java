package cn.jingyuan.relocation.household;

import java.util.List;

/**
 * Published (inside the registering transaction) when households are registered for a plan year; the case
 * feature opens their cases once the registration has committed.
 */
public record HouseholdsRegistered(List<Long> householdIds) {
}
