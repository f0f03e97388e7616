package io.relman.cli.validate;

import io.relman.cli.common.PlanOption;
import io.relman.plan.Database;
import io.relman.plan.Durations;
import io.relman.plan.Environment;
import io.relman.plan.Plan;
import io.relman.plan.Service;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "validate",
        header = "Check a plan and print what it describes; needs no server.",
        mixinStandardHelpOptions = true,
        description = {
            "Check a plan and print what it describes. Changes nothing and needs no server.",
            "Every problem is printed as: path: what is wrong; the fix (file:line)."
        })
public final class ValidateCommand implements Callable<Integer> {
    @Mixin
    PlanOption plan;

    @Override
    public Integer call() {
        Plan loaded = plan.load();
        System.out.println(plan + ": valid. Project " + loaded.project() + ", environments "
                + String.join(
                        ", ",
                        loaded.environments().stream().map(Environment::name).toList()) + ":");
        loaded.environments().forEach(environment -> System.out.println("  " + describe(environment)));
        System.out.println("services:");
        loaded.services().forEach(service -> System.out.println("  " + describe(service)));
        return 0;
    }

    private static String describe(Environment e) {
        Database db = e.database();
        return e.name() + ": host " + e.engineHost().describe()
                + (e.spreads()
                        ? e.spread().services().entrySet().stream()
                                .map(spread -> ", " + spread.getKey() + " over "
                                        + String.join(" and ", spread.getValue().hosts()))
                                .collect(java.util.stream.Collectors.joining())
                        : "")
                + ", network " + e.network()
                + (e.loadBalancer() == null ? "" : ", nginx " + e.loadBalancer().container())
                + (db == null
                        ? ", no database"
                        : ", " + DATABASE_NAMES.get(db.engine()) + " " + db.container() + "/" + db.name() + " as "
                                + db.user() + " (password from $" + db.passwordEnv() + ")")
                + "; steps " + String.join(", ", e.steps())
                + (e.approval() == null
                        ? ""
                        : "; approval before " + String.join(", ", e.approval().before()));
    }

    private static String describe(Service s) {
        return s.name() + ": " + s.replicas() + " x " + s.image()
                + (s.build() == null ? " (built elsewhere)" : "")
                + (s.servesTraffic()
                        ? " on port " + s.port() + ", upstream " + s.upstream() + ", health "
                                + s.healthcheck().path()
                        : ", no port (up by its HEALTHCHECK, else after " + Durations.text(s.minUptime()) + ")")
                + ", " + s.updateOrder().planName()
                + (s.migration() == null
                        ? ""
                        : ", migration " + String.join(" ", s.migration().up()));
    }

    /** How the summary names each engine. */
    private static final java.util.Map<io.relman.plan.DatabaseEngine, String> DATABASE_NAMES = java.util.Map.of(
            io.relman.plan.DatabaseEngine.POSTGRESQL, "PostgreSQL",
            io.relman.plan.DatabaseEngine.MARIADB, "MariaDB",
            io.relman.plan.DatabaseEngine.MYSQL, "MySQL");
}
