package io.relman.temporal;

/**
 * An activity's argument that lives on one machine's disk (a backup in the worker's backup directory):
 * {@link HostRouting} schedules the activity on the task queue of that machine's worker, so a worker on
 * another machine never looks for a file it does not have.
 */
public interface OnMachine {
    /** The task queue only that machine's worker polls, or null when any worker will do. */
    String machineQueue();
}
