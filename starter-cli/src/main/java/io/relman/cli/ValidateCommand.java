package io.relman.cli;

import io.relman.plan.Plan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check a plan and print what it describes. Changes nothing and needs no server.",
            "Every problem is printed as: path: what is wrong; the fix (file:line)."
        })
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    PlanOption plan;

    @Override
    public Integer call() {
        Plan loaded = plan.load();
        System.out.println(plan + ": valid. Project " + loaded.project() + ", environments "
                + String.join(
                        ", ", loaded.environments().stream().map(e -> e.name()).toList()) + ":");
        loaded.environments()
                .forEach(e -> System.out.println("  " + e.name() + ": host " + e.host() + ", network "
                        + e.network() + ", nginx " + e.loadBalancer().container() + ", PostgreSQL "
                        + e.database().container() + "/"
                        + e.database().name() + " as " + e.database().user() + " (password from $"
                        + e.database().passwordEnv() + ")"
                        + "; steps " + String.join(", ", e.steps())
                        + (e.approval() == null
                                ? ""
                                : "; approval before "
                                        + String.join(", ", e.approval().before()))));
        System.out.println("services:");
        loaded.services()
                .forEach(s -> System.out.println("  " + s.name() + ": " + s.replicas() + " x " + s.image()
                        + " on port " + s.port() + ", " + s.updateOrder().planName() + ", health "
                        + s.healthcheck().path()
                        + (s.migration() == null
                                ? ""
                                : ", migration "
                                        + String.join(" ", s.migration().up()))));
        return 0;
    }
}
