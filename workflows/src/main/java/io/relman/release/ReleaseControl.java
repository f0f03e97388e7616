package io.relman.release;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;

/**
 * What every run that changes an environment answers to, whatever its type: the progress query and
 * the operator's signals. The signals take the person (user@host) who sent them, which the run's
 * events name.
 */
public interface ReleaseControl {

    /** Where the run is now: step, service, replica, percentage and undo steps so far. */
    @QueryMethod
    ReleaseProgress progress();

    /** Lets a run waiting at the plan's approval gate go on. */
    @SignalMethod
    void approve(String by);

    /** Holds the rollout before its next replica, until {@link #resume}. */
    @SignalMethod
    void pause(String by);

    @SignalMethod
    void resume(String by);

    /** Stops the run where it is and undoes what it did, as after a failure. */
    @SignalMethod
    void abort(String by);
}
