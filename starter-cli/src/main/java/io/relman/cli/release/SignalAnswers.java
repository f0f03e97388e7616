package io.relman.cli.release;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which signals the run that holds an environment's lock (release-PROJECT-ENV) answers, by its workflow
 * type, and what it then does: a Deploy, Migration or Rollback answers approve, pause, resume and abort (a
 * Deploy promote too, for its canary);
 * a Restore and a Maintenance (page) answer abort alone. A signal the run does not answer is refused with the
 * truth rather than sent: Temporal would keep it unanswered while the run went on.
 */
final class SignalAnswers {
    private static final Set<String> RELEASE_SIGNALS = Set.of("approve", "pause", "resume", "abort");
    /** A deploy's canary answers promote too; a rollback or a migration has none. */
    private static final Set<String> DEPLOY_SIGNALS = Set.of("approve", "pause", "resume", "abort", "promote");

    private static final Map<String, Set<String>> ANSWERED = Map.of(
            "Deploy", DEPLOY_SIGNALS,
            "Migration", RELEASE_SIGNALS,
            "Rollback", RELEASE_SIGNALS,
            "Restore", Set.of("abort"),
            "Maintenance", Set.of("abort"));
    /** Why a run that answers abort alone answers nothing else, and what abort does to it ({@code %s}: its id). */
    private static final Map<String, String> WHY_ABORT_ALONE = Map.of(
            "Restore",
            "a restore has no approval gate and no replicas to pause between; relman abort %s stops it at its next"
                    + " step and undoes it",
            "Maintenance",
            "a maintenance page has no approval gate and no replicas to pause between; relman abort %s (or relman"
                    + " maintenance off) takes it down");

    private static final Map<String, String> ON_ABORT = Map.of(
            "Restore",
            "the restore stops at its next step and undoes what it did: the replaced database and the traffic go back"
                    + " (too late once the restored database is in and the traffic is going back: then it finishes).",
            "Maintenance",
            "the maintenance page comes down: each service's traffic goes back to what nginx routed before it, and"
                    + " the page's container is removed.");

    private SignalAnswers() {}

    /** Why {@code signal} is not sent to the {@code type} run {@code workflowId}, or empty when it is answered. */
    static Optional<String> refusal(String type, String signal, String workflowId) {
        if (ANSWERED.getOrDefault(type, Set.of()).contains(signal)) {
            return Optional.empty();
        }
        String why = WHY_ABORT_ALONE.containsKey(type)
                ? WHY_ABORT_ALONE.get(type).formatted(workflowId)
                : signal.equals("promote") && ANSWERED.containsKey(type)
                        ? "only a deploy's canary (update_order: canary) is promoted"
                        : "relman knows no " + signal + " for a " + type + " run";
        return Optional.of(workflowId + " runs a " + type + ", which does not answer " + signal + ": " + why
                + ". Nothing was sent.");
    }

    /** What a {@code type} run does on {@code signal}, when it differs from what a release does. */
    static Optional<String> whatHappensNext(String type, String signal) {
        return signal.equals("abort") ? Optional.ofNullable(ON_ABORT.get(type)) : Optional.empty();
    }
}
