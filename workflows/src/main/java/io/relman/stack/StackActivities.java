package io.relman.stack;

import io.temporal.activity.ActivityInterface;

/** Reading a stack that runs, for {@code relman init}: nothing is changed. */
@ActivityInterface(namePrefix = "Stack")
public interface StackActivities {
    /** The containers of compose project {@code project} and the configuration of its nginx. */
    StackDescription describeCompose(String project);
}
