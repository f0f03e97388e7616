package io.relman.temporal.client;

/** The Web UI's addresses of relman's runs, as the CLI prints them and the worker's webhooks send them. */
public final class WebUiLinks {
    private WebUiLinks() {}

    /** The history page of run {@code runId} of {@code workflowId}. */
    public static String run(String webUi, String namespace, String workflowId, String runId) {
        return webUi + "/namespaces/" + namespace + "/workflows/" + workflowId + "/" + runId + "/history";
    }
}
