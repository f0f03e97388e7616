package io.relman.worker;

import com.github.dockerjava.api.DockerClient;
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

    @Bean
    SecretResolver secretResolver() {
        return SecretResolver.fromEnvironment();
    }

    /** relman's probe containers, from the image that relman.probe-image names (docker/probe). */
    @Bean
    ProbeSidecars probeSidecars(
            DockerClient docker, @Value("${relman.probe-image:" + ProbeSidecars.DEFAULT_IMAGE + "}") String image) {
        return new ProbeSidecars(docker, image);
    }

    @Bean
    DockerActivitiesImpl dockerActivities(DockerClient docker, SecretResolver secrets) {
        return new DockerActivitiesImpl(docker, secrets);
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
    BackupActivitiesImpl backupActivities(DockerClient docker, SecretResolver secrets) {
        return new BackupActivitiesImpl(new DockerExec(docker), secrets);
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
