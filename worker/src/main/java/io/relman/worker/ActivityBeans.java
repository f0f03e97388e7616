package io.relman.worker;

import com.github.dockerjava.api.DockerClient;
import io.relman.access.AllowedPaths;
import io.relman.backup.BackupRecordActivitiesImpl;
import io.relman.database.BackupActivitiesImpl;
import io.relman.database.MigrationActivitiesImpl;
import io.relman.docker.DockerActivitiesImpl;
import io.relman.docker.DockerClients;
import io.relman.docker.DockerExec;
import io.relman.docker.ProbeSidecars;
import io.relman.health.HealthActivitiesImpl;
import io.relman.nginx.LoadBalancerActivitiesImpl;
import io.relman.release.ReleaseActivitiesImpl;
import io.relman.secrets.SecretResolver;
import io.relman.stack.StackActivitiesImpl;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The activity implementations, as the beans that application.yml registers on the task queue. The
 * activities module knows nothing of Spring; this is the only place they are wired.
 */
@Configuration(proxyBeanMethods = false)
public class ActivityBeans {

    @Bean(destroyMethod = "close")
    DockerClient dockerClient() {
        return DockerClients.fromEnvironment();
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

    /** relman's probe containers, from the image that relman.probe-image names (docker/probe). */
    @Bean
    ProbeSidecars probeSidecars(
            DockerClient docker, @Value("${relman.probe-image:" + ProbeSidecars.DEFAULT_IMAGE + "}") String image) {
        return new ProbeSidecars(docker, image);
    }

    @Bean
    DockerActivitiesImpl dockerActivities(DockerClient docker, SecretResolver secrets, AllowedPaths paths) {
        return new DockerActivitiesImpl(docker, secrets, paths);
    }

    @Bean
    LoadBalancerActivitiesImpl loadBalancerActivities(DockerClient docker, ProbeSidecars sidecars) {
        return new LoadBalancerActivitiesImpl(docker, sidecars);
    }

    @Bean
    HealthActivitiesImpl healthActivities(DockerClient docker, ProbeSidecars sidecars) {
        return new HealthActivitiesImpl(docker, sidecars);
    }

    @Bean
    MigrationActivitiesImpl migrationActivities(DockerClient docker, SecretResolver secrets) {
        return new MigrationActivitiesImpl(docker, secrets);
    }

    @Bean
    BackupActivitiesImpl backupActivities(DockerClient docker, SecretResolver secrets, AllowedPaths paths) {
        return new BackupActivitiesImpl(new DockerExec(docker), secrets, paths);
    }

    @Bean
    StackActivitiesImpl stackActivities(DockerClient docker) {
        return new StackActivitiesImpl(docker);
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
