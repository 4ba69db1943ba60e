package cn.jingyuan.relocation.worklist;

/**
 * What a process does with the values a completion submits. A value the process neither reads after the step's
 * command (a gateway right behind the step reads it within it) nor keeps as a variable, because the step's listener
 * records it in the domain tables, is handed to the engine as a transient variable: the listeners and gateways see
 * it, the engine writes neither a variable row nor history rows for it. A value that already exists as a variable
 * (one the step proposed) is always written as before.
 */
public interface CompletionValues {

    /** Whether the value {@code name} submitted to a step of the process {@code processKey} lives for the command only. */
    boolean isTransient(String processKey, String name);
}
