package io.relman.plan;

/**
 * The rules of one environment: its own keys (network, steps, env, min_free_disk, notify), and each of its
 * sections in the order they appear in a plan.
 */
final class EnvironmentRules {
    private EnvironmentRules() {}

    static void check(Problems problems, Plan plan, Environment environment) {
        String path = "environments/" + environment.name();
        HostRules.check(problems, path, environment);
        SpreadRules.check(problems, plan, path, environment);
        problems.text(
                path + "/network",
                environment.network(),
                Problems.CONTAINER,
                "a docker network name, e.g. shop-" + environment.name(),
                true);
        LoadBalancerRules.check(problems, plan, path, environment);
        if (plan.migrates() && environment.database() == null) {
            // The missing database is the problem; the steps it leaves out follow from it.
            problems.add(
                    path + "/database",
                    PlanMessages.missing(
                            "database",
                            "the stack's database (container, name, user,"
                                    + " password_env): a service has a migration, and its backup is the way back"));
        } else {
            ReleaseSteps.problems(environment.steps(), plan.migrates(), environment.database() != null)
                    .forEach(problem -> problems.add(path + "/steps", problem));
            if (environment.database() != null) {
                DatabaseRules.check(problems, path + "/database", environment);
            }
        }
        problems.variables(path + "/env", environment.env());
        ApprovalRules.check(problems, path + "/approval", environment.approval(), environment.steps());
        NotifyRules.check(problems, path + "/notify", environment.webhooks());
        MaintenanceRules.check(problems, plan, path + "/maintenance", environment);
        if (environment.minFreeDiskBytes() < 0) {
            problems.add(path + "/min_free_disk", Sizes.PROBLEM);
        }
    }
}
