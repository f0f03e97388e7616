package io.relman.plan;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules of a service's {@code hooks}: names, commands, deadlines and retries. */
final class HookRules {
    /** A hook's name ends its one-off container's name: Docker's characters, kept short. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    private HookRules() {}

    static void check(Problems problems, String path, Hooks hooks) {
        Set<String> names = new HashSet<>();
        for (HookPhase phase : HookPhase.values()) {
            for (Hook hook : hooks.at(phase)) {
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
            }
        }
    }
}
