package io.relman.stack;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Describes a running compose project for {@code relman init}, through a worker: Temporal is what the CLI
 * reaches, and the Docker engine is the worker's.
 */
@WorkflowInterface
public interface DescribeStackWorkflow {
    @WorkflowMethod(name = "DescribeStack")
    StackDescription describe(String composeProject);
}
