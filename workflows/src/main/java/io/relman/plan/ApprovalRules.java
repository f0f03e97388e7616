package io.relman.plan;

import java.util.List;

/** The rules of an environment's {@code approval}: the steps a release manager holds, and for how long. */
final class ApprovalRules {
    private ApprovalRules() {}

    static void check(Problems problems, String path, ApprovalGate approval, List<String> steps) {
        if (approval == null) {
            return;
        }
        if (approval.before().isEmpty()) {
            problems.add(
                    path + "/before",
                    PlanMessages.missing("before", "the step(s) to hold, e.g. migrate or [migrate, rollout]"));
        }
        for (String step : approval.before()) {
            if (!steps.contains(step)) {
                problems.add(
                        path + "/before",
                        "'" + step + "' is not a step of this environment's releases; name one of "
                                + String.join(", ", steps));
            }
        }
        problems.positive(path + "/timeout", approval.timeout());
    }
}
