package io.relman.access;

import io.relman.plan.Plan;
import io.relman.plan.PlanProblem;
import io.relman.plan.PlanValidator;
import io.relman.temporal.FailureType;
import io.temporal.workflow.Workflow;
import java.util.List;

/** The plan validator, run by a workflow on the plan it received, whoever sent it. Workflow code. */
public final class PlanRules {
    private PlanRules() {}

    /**
     * Refuses a plan that breaks a rule, with the CLI's words, before anything runs. The verdict is recorded
     * once, so that a later relman with more rules replays this run as it was.
     */
    public static void require(Plan plan) {
        String[] problems = Workflow.sideEffect(
                String[].class,
                () -> PlanValidator.problems(plan).stream()
                        .map(PlanProblem::text)
                        .toArray(String[]::new));
        if (problems.length > 0) {
            throw FailureType.PLAN_ERROR.failure(PlanValidator.refusal(plan.source(), List.of(problems)));
        }
    }
}
