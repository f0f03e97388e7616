package io.relman.plan;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules of a service's {@code hooks}: names, commands, deadlines, retries and the replica one runs in. */
final class HookRules {
    /** A hook's name ends its one-off container's name: Docker's characters, kept short. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    private HookRules() {}

    static void check(Problems problems, String path, Service service) {
        Set<String> names = new HashSet<>();
        for (HookPhase phase : HookPhase.values()) {
            for (Hook hook : service.hooks().at(phase)) {
                String at = path + "/" + phase.planName() + "/" + hook.name();
                if (!NAME.matcher(hook.name()).matches()) {
                    problems.addAtKey(
                            at,
                            "must be 1 to 40 lowercase letters, digits, _ and - (it becomes part of a container name)");
                } else if (!names.add(hook.name())) {
                    problems.addAtKey(at, "another hook of the service has this name; give each hook its own");
                }
                if (hook.run().isEmpty() || hook.run().get(0).isBlank()) {
                    problems.add(at + "/run", PlanMessages.words("[php, artisan, config:cache] (argv, no shell)"));
                }
                problems.positiveUpTo(at + "/deadline", hook.deadline(), ServiceRules.STEP_LIMIT);
                problems.range(at + "/retries", hook.retries(), 0, Hook.MAX_RETRIES);
                if (hook.in() != null) {
                    replica(problems, at + "/in", phase, hook.in(), service);
                }
            }
        }
    }

    /** A hook's {@code in}: only after the rollout, and one of the service's replicas. */
    private static void replica(Problems problems, String at, HookPhase phase, int number, Service service) {
        String elsewhere = switch (phase) {
            case AFTER_ROLLOUT -> null;
            case BEFORE_TRAFFIC -> "a before_traffic hook already runs in every new replica";
            case AFTER_MIGRATE -> "an after_migrate hook runs in a one-off container after the migrate step";
            case ON_UNDO -> "an on_undo hook runs in a one-off container of the image that runs again";
        };
        if (elsewhere != null) {
            problems.addAtKey(
                    at,
                    "only an after_rollout hook runs in a replica; " + elsewhere
                            + ": remove in (or make it an after_rollout hook)");
        } else if (service.replicas() >= 1 && (number < 1 || number > service.replicas())) {
            // Without a count of replicas in range, the problem of replicas is the one to fix first.
            problems.add(
                    at,
                    PlanMessages.range(1, service.replicas()) + ", one of " + service.name() + "'s "
                            + service.replicas() + " replica(s) (1 is its first)");
        }
    }
}
