package io.relman.stack;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** Reading a stack that runs, for {@code relman init}: nothing is changed. */
@ActivityInterface(namePrefix = "Stack")
public interface StackActivities {
    /** The containers of compose project {@code project} and the configuration of its nginx. */
    StackDescription describeCompose(String project);

    /** The answers of {@code search}'s paths, in order, up to the first that answered 2xx. */
    List<HealthPathSearch.Answer> findHealthPath(HealthPathSearch search);
}
