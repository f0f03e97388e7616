package io.relman.worker;

import io.relman.access.AllowedPaths;
import io.relman.access.PlanAccessActivitiesImpl;
import io.relman.backup.BackupRecordActivitiesImpl;
import io.relman.database.BackupActivitiesImpl;
import io.relman.database.FingerprintActivitiesImpl;
import io.relman.database.MigrationActivitiesImpl;
import io.relman.database.RestoreAccessActivitiesImpl;
import io.relman.docker.CanaryActivitiesImpl;
import io.relman.docker.DockerActivitiesImpl;
import io.relman.docker.DockerClients;
import io.relman.docker.DockerEngines;
import io.relman.docker.ProbeSidecars;
import io.relman.health.HealthActivitiesImpl;
import io.relman.hooks.HookActivitiesImpl;
import io.relman.maintenance.MaintenanceActivitiesImpl;
import io.relman.nginx.LoadBalancerActivitiesImpl;
import io.relman.notify.NotifyActivitiesImpl;
import io.relman.plan.Host;
import io.relman.release.ReleaseActivitiesImpl;
import io.relman.secrets.SecretResolver;
import io.relman.ssh.SshSessions;
import io.relman.stack.StackActivitiesImpl;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The activity implementations, as the beans that application.yml registers on the task queue. The
 * activities module knows nothing of Spring; this is the only place they are wired.
 */
@Configuration(proxyBeanMethods = false)
public class ActivityBeans {

    /**
     * The worker's own engine, and each SSH host's, reached with the keys and known_hosts the plans name.
     * {@code relman.docker.remote-idle}: how long an unused SSH host's engine stays connected;
     * {@code relman.docker.response-timeout}: how long a Docker call waits for an answer, on a TCP
     * DOCKER_HOST (docker-java applies none on a Unix socket); an exec's output has no such limit, the
     * activity's own timeout bounds it.
     */
    @Bean(destroyMethod = "close")
    DockerEngines dockerEngines(
            SshSessions ssh,
            @Value("${relman.probe-image:" + ProbeSidecars.DEFAULT_IMAGE + "}") String probeImage,
            @Value("${relman.docker.remote-idle:10m}") String remoteIdle,
            @Value("${relman.docker.response-timeout:30m}") String response) {
        Duration idle = DurationStyle.detectAndParse(remoteIdle);
        Duration responseTimeout = DurationStyle.detectAndParse(response);
        return new DockerEngines(
                DockerClients.at(null, responseTimeout, false),
                DockerClients.at(null, null, false),
                ssh,
                probeImage,
                idle,
                responseTimeout);
    }

    /** SSH to the plans' hosts: strict host keys, key authentication, keys named by the plan. */
    @Bean
    SshSessions sshSessions(SecretResolver secrets, AllowedPaths paths) {
        return new SshSessions(secrets, paths);
    }

    /** The worker's variables that plans may name as secrets; no other is handed out. */
    @Bean
    SecretResolver secretResolver(@Value("${relman.secrets.allowed}") List<String> allowed) {
        return SecretResolver.fromEnvironment(allowed);
    }

    /** The directories of this host that plans may use as build contexts and backup directories. */
    @Bean
    AllowedPaths allowedPaths(@Value("${relman.paths.allowed}") List<String> roots) {
        return AllowedPaths.of(roots);
    }

    /** The worker's check of every path and secret a run will touch, before its first effect. */
    @Bean
    PlanAccessActivitiesImpl planAccessActivities(AllowedPaths paths, SecretResolver secrets) {
        return new PlanAccessActivitiesImpl(paths, secrets);
    }

    @Bean
    DockerActivitiesImpl dockerActivities(DockerEngines engines, SecretResolver secrets, AllowedPaths paths) {
        return new DockerActivitiesImpl(engines, secrets, paths);
    }

    @Bean
    CanaryActivitiesImpl canaryActivities(DockerEngines engines, SecretResolver secrets) {
        return new CanaryActivitiesImpl(engines, secrets);
    }

    @Bean
    LoadBalancerActivitiesImpl loadBalancerActivities(DockerEngines engines) {
        return new LoadBalancerActivitiesImpl(engines);
    }

    @Bean
    HealthActivitiesImpl healthActivities(DockerEngines engines) {
        return new HealthActivitiesImpl(engines);
    }

    @Bean
    MigrationActivitiesImpl migrationActivities(DockerEngines engines, SecretResolver secrets) {
        return new MigrationActivitiesImpl(engines, secrets);
    }

    @Bean
    HookActivitiesImpl hookActivities(DockerEngines engines) {
        return new HookActivitiesImpl(engines);
    }

    @Bean
    MaintenanceActivitiesImpl maintenanceActivities(DockerEngines engines) {
        return new MaintenanceActivitiesImpl(engines);
    }

    @Bean
    BackupActivitiesImpl backupActivities(
            DockerEngines engines,
            SshSessions ssh,
            SecretResolver secrets,
            AllowedPaths paths,
            @Value("${relman.machine-queue}") String machineQueue) {
        return new BackupActivitiesImpl(engines, ssh, secrets, paths, machineQueue);
    }

    @Bean
    RestoreAccessActivitiesImpl restoreAccessActivities(DockerEngines engines, SecretResolver secrets) {
        return new RestoreAccessActivitiesImpl(engines, secrets);
    }

    @Bean
    FingerprintActivitiesImpl fingerprintActivities(DockerEngines engines, SecretResolver secrets) {
        return new FingerprintActivitiesImpl(engines, secrets);
    }

    @Bean
    StackActivitiesImpl stackActivities(DockerEngines engines) {
        return new StackActivitiesImpl(engines.on(Host.LOCAL));
    }

    @Bean
    NotifyActivitiesImpl notifyActivities(
            SecretResolver secrets,
            @Value("${relman.web-ui}") String webUi,
            @Value("${relman.namespace}") String namespace) {
        return new NotifyActivitiesImpl(secrets, webUi, namespace);
    }

    @Bean
    ReleaseActivitiesImpl releaseActivities(DataSource dataSource) {
        return new ReleaseActivitiesImpl(dataSource);
    }

    @Bean
    BackupRecordActivitiesImpl backupRecordActivities(DataSource dataSource) {
        return new BackupRecordActivitiesImpl(dataSource);
    }
}
