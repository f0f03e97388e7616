package io.relman.temporal;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.WorkerFactoryOptions;

/**
 * The test server of the workflow tests: the workflow types under test on a server the test starts itself,
 * once it has registered its mocked activities (activities cannot be added to a started worker).
 */
public final class TestWorkflows {
    private TestWorkflows() {}

    /** The given workflow types, not started. */
    public static TestWorkflowExtension extension(Class<?>... workflowTypes) {
        return builder(workflowTypes).build();
    }

    /** The same, for a test that adds to it. */
    public static TestWorkflowExtension.Builder builder(Class<?>... workflowTypes) {
        return TestWorkflowExtension.newBuilder()
                .registerWorkflowImplementationTypes(workflowTypes)
                .setDoNotStart(true);
    }

    /** The worker's host routing: each activity goes to the task queue of the host it acts on. */
    public static TestWorkflowExtension.Builder routedByHost(Class<?>... workflowTypes) {
        return builder(workflowTypes)
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(new HostRouting())
                        .build());
    }

    /** The backup workflows: routed by host, and searched by environment and state as the worker's are. */
    public static TestWorkflowExtension backups(Class<?>... workflowTypes) {
        return routedByHost(workflowTypes)
                .registerSearchAttribute("Environment", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                .registerSearchAttribute("BackupState", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                .build();
    }
}
