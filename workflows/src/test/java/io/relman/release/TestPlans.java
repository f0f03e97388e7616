package io.relman.release;

import io.relman.plan.ApprovalGate;
import io.relman.plan.BackupPolicy;
import io.relman.plan.Build;
import io.relman.plan.Canary;
import io.relman.plan.Database;
import io.relman.plan.DatabaseEngine;
import io.relman.plan.Environment;
import io.relman.plan.HealthCheck;
import io.relman.plan.Hooks;
import io.relman.plan.Host;
import io.relman.plan.LoadBalancer;
import io.relman.plan.Maintenance;
import io.relman.plan.Migration;
import io.relman.plan.Plan;
import io.relman.plan.RestorePolicy;
import io.relman.plan.Service;
import io.relman.plan.ServiceMaintenance;
import io.relman.plan.Spread;
import io.relman.plan.UpdateOrder;
import io.relman.plan.Webhook;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The shop plan as records, for workflow tests; {@link Shop} varies what a test needs. */
public final class TestPlans {
    public static final HealthCheck HEALTH =
            new HealthCheck("/health", Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(30));

    private TestPlans() {}

    public static Plan shop(int replicas) {
        return new Shop().replicas(replicas).plan();
    }

    public static ReleaseRequest deploy(int replicas, String version) {
        return new Shop().replicas(replicas).deploy(version);
    }

    /** The shop's database (shop-demo-db, on the release's engine) with the given backup policy. */
    public static Database database(BackupPolicy policy) {
        return database(null, policy, null, null, null, null);
    }

    private static Database database(
            Duration maxBackupAge,
            BackupPolicy policy,
            String host,
            String adminUser,
            String adminPasswordEnv,
            RestorePolicy restore) {
        return new Database(
                "shop-demo-db",
                Database.DEFAULT_PORT,
                "shop",
                "shop",
                "SHOP_DB_PASSWORD",
                "/var/backups/shop",
                maxBackupAge,
                policy,
                host,
                adminUser,
                adminPasswordEnv,
                DatabaseEngine.POSTGRESQL,
                restore);
    }

    /** The shop plan with its demo environment; each setter changes one thing of it. */
    public static final class Shop {
        private int replicas = 3;
        private boolean migration = true;
        private List<String> steps;
        private ApprovalGate approval;
        private List<Webhook> notify;
        private UpdateOrder updateOrder = UpdateOrder.STOP_FIRST;
        private Duration maxBackupAge;
        private BackupPolicy backupPolicy;
        private String image = "relman/shop-app";
        private Integer port = 8000;
        private HealthCheck health = HEALTH;
        private Map<String, String> secretEnv = Map.of("PGPASSWORD", "SHOP_DB_PASSWORD");
        private boolean database = true;
        private String adminUser;
        private RestorePolicy restore;
        private String adminPasswordEnv;
        private String replicaNames;
        private String network = "shop-demo";
        private String configDir;
        private List<String> spreadHosts;
        private String databaseHost;
        private String loadBalancerHost;
        private String workerHost;
        private Duration pauseBetweenHosts = Duration.ZERO;
        private int hostsAtOnce = 1;
        private Hooks hooks;
        private Maintenance maintenance;
        private ServiceMaintenance serviceMaintenance;
        private Canary canary;

        /** Released with canaries first ({@code update_order: canary}). */
        public Shop canary(Canary steps) {
            canary = steps;
            updateOrder = UpdateOrder.CANARY;
            return this;
        }

        public Shop replicas(int count) {
            replicas = count;
            return this;
        }

        /** A maintenance page over the steps it names. */
        public Shop maintenance(Maintenance page) {
            maintenance = page;
            return this;
        }

        /** What of the environment's page the app's service changes. */
        public Shop serviceMaintenance(ServiceMaintenance own) {
            serviceMaintenance = own;
            return this;
        }

        /** The app's hooks around the release. */
        public Shop hooks(Hooks appHooks) {
            hooks = appHooks;
            return this;
        }

        public Shop withoutMigration() {
            migration = false;
            return this;
        }

        public Shop steps(String... order) {
            steps = List.of(order);
            return this;
        }

        /** Webhooks told of the release's events. */
        public Shop notify(Webhook... webhooks) {
            notify = List.of(webhooks);
            return this;
        }

        public Shop approvalBefore(Duration timeout, String... gatedSteps) {
            approval = new ApprovalGate(List.of(gatedSteps), timeout);
            return this;
        }

        public Shop updateOrder(UpdateOrder order) {
            updateOrder = order;
            return this;
        }

        public Shop maxBackupAge(Duration age) {
            maxBackupAge = age;
            return this;
        }

        public Shop backupPolicy(BackupPolicy policy) {
            backupPolicy = policy;
            return this;
        }

        public Shop image(String repository) {
            image = repository;
            return this;
        }

        public Shop port(Integer number) {
            port = number;
            return this;
        }

        public Shop healthCheck(HealthCheck check) {
            health = check;
            return this;
        }

        public Shop secretEnv(Map<String, String> variables) {
            secretEnv = variables;
            return this;
        }

        public Shop replicaNames(String template) {
            replicaNames = template;
            return this;
        }

        public Shop network(String name) {
            network = name;
            return this;
        }

        public Shop configDir(String directory) {
            configDir = directory;
            return this;
        }

        /** {@code restore.backup_replaced: true}: a restore also backs up the database it replaces. */
        public Shop backupReplacedOnRestore() {
            restore = new RestorePolicy(true);
            return this;
        }

        public Shop withoutDatabase() {
            database = false;
            return this;
        }

        /** The role that creates, drops and renames a restore's scratch database, and its password's variable. */
        public Shop databaseAdmin(String user, String passwordEnv) {
            adminUser = user;
            adminPasswordEnv = passwordEnv;
            return this;
        }

        /**
         * The app's replicas over SSH hosts h1, h2... (addresses 10.0.0.1, 10.0.0.2...), publishing 18300 up,
         * built elsewhere; the load balancer and the database on the first.
         */
        public Shop spreadOver(Duration pause, String... hosts) {
            this.spreadHosts = List.of(hosts);
            this.pauseBetweenHosts = pause;
            return this;
        }

        /** The spread's hosts released {@code hosts} at a time. */
        public Shop hostsAtOnce(int hosts) {
            this.hostsAtOnce = hosts;
            return this;
        }

        /** One of the spread's hosts runs a worker of its own, on task queue relman-HOST. */
        public Shop withWorkerOn(String host) {
            workerHost = host;
            return this;
        }

        /** nginx on one of the spread's hosts, not on the environment's. */
        public Shop loadBalancerOn(String host) {
            loadBalancerHost = host;
            return this;
        }

        /** The database on one of the spread's hosts, not on the environment's. */
        public Shop databaseOn(String host) {
            databaseHost = host;
            return this;
        }

        public Plan plan() {
            Map<String, Host> hosts = new java.util.LinkedHashMap<>();
            List<String> named = new java.util.ArrayList<>(spreadHosts == null ? List.of() : spreadHosts);
            if (databaseHost != null) {
                named.add(databaseHost);
            }
            if (loadBalancerHost != null) {
                named.add(loadBalancerHost);
            }
            for (String name : named) {
                String address = "10.0.0." + name.substring(1);
                hosts.put(
                        name,
                        name.equals(workerHost)
                                ? new Host(name, null, null, null, null, null, address, null, "relman-" + name)
                                : new Host(
                                        name,
                                        "deployer@" + address,
                                        "/keys/id",
                                        null,
                                        null,
                                        "/keys/known_hosts",
                                        address,
                                        null,
                                        null));
            }
            return new Plan(
                    "relman.yml",
                    "shop",
                    List.of(new Environment(
                            "demo",
                            spreadHosts == null ? Environment.LOCAL_HOST : spreadHosts.get(0),
                            hosts,
                            spreadHosts == null
                                    ? null
                                    : new Spread(
                                            Map.of("app", new Spread.Placement(spreadHosts, 18300)),
                                            hostsAtOnce,
                                            pauseBetweenHosts),
                            network,
                            new LoadBalancer("shop-demo-lb", configDir, null, loadBalancerHost),
                            database
                                    ? database(
                                            maxBackupAge,
                                            backupPolicy,
                                            databaseHost,
                                            adminUser,
                                            adminPasswordEnv,
                                            restore)
                                    : null,
                            Map.of("PGHOST", "shop-demo-db"),
                            approval,
                            Environment.DEFAULT_MIN_FREE_DISK_BYTES,
                            steps,
                            notify,
                            maintenance)),
                    List.of(new Service(
                            "app",
                            image,
                            spreadHosts == null
                                    ? new Build("/src/shop/app", "Dockerfile", Map.of("APP_VERSION", "{version}"))
                                    : null,
                            replicas,
                            port,
                            Map.of("PGUSER", "shop"),
                            secretEnv,
                            health,
                            Duration.ofSeconds(10),
                            migration
                                    ? new Migration(
                                            List.of("/app/migrate", "up"),
                                            List.of("/app/migrate", "down", "{previous_version}"))
                                    : null,
                            List.of("/items"),
                            updateOrder,
                            null,
                            replicaNames,
                            null,
                            null,
                            hooks,
                            serviceMaintenance,
                            canary)));
        }

        public ReleaseRequest deploy(String version) {
            return new ReleaseRequest(plan(), "demo", version, "tester@host");
        }
    }
}
