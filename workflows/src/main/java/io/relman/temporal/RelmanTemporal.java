package io.relman.temporal;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/** Names shared by the CLI, the worker and the Web UI: task queue and search attributes. */
public final class RelmanTemporal {
  public static final String DEFAULT_TASK_QUEUE = "relman";

  /** Registered on the Temporal server by scripts/lib.sh (start_temporal). */
  public static final SearchAttributeKey<String> ENVIRONMENT = SearchAttributeKey.forKeyword("Environment");

  public static final SearchAttributeKey<List<String>> SERVICE = SearchAttributeKey.forKeywordList("Service");
  public static final SearchAttributeKey<String> RELEASE_VERSION = SearchAttributeKey.forKeyword("ReleaseVersion");

  private RelmanTemporal() {}

  /** {@code deploy-demo-v2}: one readable id per environment and version. */
  public static String deployWorkflowId(String environment, String version) {
    return "deploy-" + environment + "-" + version;
  }
}
