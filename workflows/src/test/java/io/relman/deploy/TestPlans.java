package io.relman.deploy;

import io.relman.plan.Build;
import io.relman.plan.Database;
import io.relman.plan.Environment;
import io.relman.plan.HealthCheck;
import io.relman.plan.LoadBalancer;
import io.relman.plan.Migration;
import io.relman.plan.Plan;
import io.relman.plan.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The shop plan as records, for workflow tests. */
final class TestPlans {
  static final HealthCheck HEALTH = new HealthCheck("/health", Duration.ofMillis(500), Duration.ofSeconds(2),
      Duration.ofSeconds(30));

  private TestPlans() {}

  static Plan shop(int replicas) {
    return new Plan("relman.yml", "shop",
        List.of(new Environment("demo", Environment.LOCAL_HOST, "shop-demo",
            new LoadBalancer("shop-demo-lb", "app", LoadBalancer.DEFAULT_CONFIG_FILE),
            new Database("shop-demo-db", Database.DEFAULT_PORT, "shop", "shop", "SHOP_DB_PASSWORD", "/var/backups/shop"),
            Map.of("PGHOST", "shop-demo-db"), null, Environment.DEFAULT_MIN_FREE_DISK_BYTES)),
        List.of(new Service("app", "relman/shop-app", new Build("/src/shop/app", "Dockerfile",
            Map.of("APP_VERSION", "{version}")), replicas, 8000, Map.of("PGUSER", "shop"),
            Map.of("PGPASSWORD", "SHOP_DB_PASSWORD"), HEALTH, Duration.ofSeconds(10),
            new Migration(List.of("/app/migrate", "up"), List.of("/app/migrate", "down", "{previous_version}")),
            List.of("/items"))));
  }

  static DeployRequest deploy(int replicas, String version) {
    return new DeployRequest(shop(replicas), "demo", version, "tester@host");
  }
}
