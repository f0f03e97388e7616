package io.relman.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relman.docker.DockerActivitiesImpl;
import io.relman.docker.EngineCheck;
import io.relman.plan.BackupPolicy;
import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The worker's check of what a run touches: bastions, names that become file names, retention. */
@Timeout(10)
class PlanAccessActivitiesImplTest {
    @TempDir
    Path root;

    private final SecretResolver secrets = new SecretResolver(
            Map.of("SHOP_DB_PASSWORD", "secret-1", "RELMAN_SSH_KEY", "key-1")::get,
            List.of("SHOP_DB_PASSWORD", "RELMAN_SSH_KEY"));

    private PlanAccessActivitiesImpl check() {
        return new PlanAccessActivitiesImpl(AllowedPaths.of(List.of(root.toString())), secrets);
    }

    private Host host(String name, String key, String keyEnv, Host jump) {
        return new Host(
                name,
                "deployer@10.0.0.5",
                key,
                keyEnv,
                null,
                root.resolve("known_hosts").toString(),
                null,
                jump,
                null);
    }

    private Database database(String backupDir, int keepLast, int keepDays) {
        return new Database(
                "shop-demo-db",
                5432,
                "shop",
                "shop",
                "SHOP_DB_PASSWORD",
                backupDir,
                null,
                new BackupPolicy(null, keepLast, keepDays, null, null),
                null);
    }

    private PlanAccess request(String project, Host host, Database database) {
        return PlanAccess.of(project, "demo", List.of(host), database);
    }

    private static void refused(ThrowingCallable call, String type, String... words) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
            assertThat(failure.isNonRetryable()).isTrue();
            assertThat(failure.getType()).isEqualTo(type);
            assertThat(failure.getOriginalMessage()).contains(words).containsIgnoringCase("nothing was changed");
        });
    }

    @Test
    void aPlanWithinTheAllowListsIsLetThrough() {
        Host bastion = host("bastion", root.resolve("id_bastion").toString(), null, null);
        String checked = check().check(request(
                "shop", host("web2", null, "RELMAN_SSH_KEY", bastion), database(root.toString(), 7, 30)));

        assertThat(checked).contains("shop demo", root.toString());
    }

    @Test
    void aBastionsKeyOutsideTheAllowedPathsIsRefused() {
        Host bastion = host("bastion", "/root/.ssh/id_ed25519", null, null);
        Host web2 = host("web2", root.resolve("id_web2").toString(), null, bastion);

        refused(
                () -> check().check(request("shop", web2, database(root.toString(), 7, 30))),
                "PathRefused",
                "hosts/bastion (the bastion of web2)/key /root/.ssh/id_ed25519",
                "relman.paths.allowed");
    }

    @Test
    void aBastionsKeyEnvTheWorkerDoesNotHandOutIsRefused() {
        Host bastion = new Host(
                "bastion",
                "deployer@10.0.0.4",
                null,
                "AWS_SECRET_ACCESS_KEY",
                null,
                root.resolve("known_hosts").toString(),
                null,
                null,
                null);

        refused(
                () -> check().check(request("shop", host("web2", null, "RELMAN_SSH_KEY", bastion), null)),
                "SecretRefused",
                "hosts/bastion (the bastion of web2)/key_env",
                "relman.secrets.allowed");
    }

    @Test
    void theEngineCheckOfAReleaseRefusesABastionsKeyOutsideTheAllowedPathsBeforeItAsksTheEngine() {
        Host bastion = host("bastion", "/root/.ssh/id_ed25519", null, null);
        DockerActivitiesImpl docker =
                new DockerActivitiesImpl(null, secrets, AllowedPaths.of(List.of(root.toString())));

        refused(
                () -> docker.checkEngine(new EngineCheck(host("web2", null, "RELMAN_SSH_KEY", bastion), null, 0)),
                "PathRefused",
                "hosts/bastion (the bastion of web2)/key");
    }

    @Test
    void aProjectThatClimbsOutOfTheBackupDirectoryIsRefused() {
        refused(
                () -> check().check(request("../../../srv/x", Host.LOCAL, database(root.toString(), 7, 30))),
                "PlanError",
                "project '../../../srv/x' becomes part of file names",
                "no '/', no '..'");
    }

    @Test
    void keepLastZeroIsRefused() {
        refused(
                () -> check().check(request("shop", Host.LOCAL, database(root.toString(), 0, 30))),
                "PlanError",
                "environments/demo/database/backup/keep_last is 0",
                "set it to 1 or more");
    }

    @Test
    void aBackupDirOutsideTheAllowedPathsIsRefused() {
        refused(
                () -> check().check(request("shop", Host.LOCAL, database("/srv/elsewhere", 7, 30))),
                "PathRefused",
                "environments/demo/database/backup_dir /srv/elsewhere");
    }

    @Test
    void aDatabasePasswordTheWorkerDoesNotHandOutIsRefused() {
        Database database =
                new Database("shop-demo-db", 5432, "shop", "shop", "ROOT_PASSWORD", root.toString(), null, null, null);

        refused(() -> check().check(request("shop", Host.LOCAL, database)), "SecretRefused", "ROOT_PASSWORD");
    }
}
