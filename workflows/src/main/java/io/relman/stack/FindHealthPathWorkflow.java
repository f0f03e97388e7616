package io.relman.stack;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** Finds the health path of a running replica for {@code relman init}, through a worker; changes nothing. */
@WorkflowInterface
public interface FindHealthPathWorkflow {
    /** The answers of the paths tried, in order; the last is the first 2xx, if any answered so. */
    @WorkflowMethod(name = "FindHealthPath")
    List<HealthPathSearch.Answer> find(HealthPathSearch search);
}
