package io.relman.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.cli.plan.PlanLoader;
import io.relman.plan.Plan;
import io.relman.plan.Service;
import io.relman.stack.StackContainer;
import io.relman.stack.StackDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** relman init on a stack whose one image runs as web replicas, a scheduler and queue workers (Laravel's way). */
@Timeout(10)
class ServiceGroupsTest {
    private static final List<String> SERVE = List.of("/app/serve");
    private static final List<String> SCHEDULE = List.of("php", "artisan", "schedule:work");
    private static final List<String> QUEUE = List.of("php", "artisan", "queue:work");

    @TempDir
    Path dir;

    @Test
    void oneImageRunWithThreeCommandsIsThreeServices() {
        Map<String, List<StackContainer>> services = ServiceGroups.of(List.of(
                cosmic("cosmic-app-2-prod", "app2", SERVE),
                cosmic("cosmic-queue-1-prod", "queue1", QUEUE),
                cosmic("cosmic-app-1-prod", "app1", SERVE),
                cosmic("cosmic-scheduler-prod", "scheduler", SCHEDULE),
                cosmic("cosmic-queue-2-prod", "queue2", QUEUE),
                cosmic("cosmic-app-3-prod", "app3", SERVE)));

        assertThat(services).containsOnlyKeys("app", "queue", "scheduler");
        assertThat(services.get("app"))
                .extracting(StackContainer::name)
                .containsExactly("cosmic-app-1-prod", "cosmic-app-2-prod", "cosmic-app-3-prod");
        assertThat(services.get("queue"))
                .extracting(StackContainer::name)
                .containsExactly("cosmic-queue-1-prod", "cosmic-queue-2-prod");
        assertThat(services.get("scheduler")).extracting(StackContainer::name).containsExactly("cosmic-scheduler-prod");
    }

    @Test
    void twoGroupsThatWouldShareANameAreToldApartNotMerged() {
        Map<String, List<StackContainer>> services = ServiceGroups.of(List.of(
                cosmic("stack_web_1", "web", List.of("php", "artisan", "horizon")),
                cosmic("stack_web_2", "web", List.of("php-fpm")),
                cosmic("stack_web_3", "web", List.of("php-fpm")),
                cosmic("stack_web_4", "web", List.of("php", "artisan", "reverb"))));

        assertThat(services).containsOnlyKeys("web", "web-horizon", "web-reverb");
        assertThat(services.get("web"))
                .as("the most containers keep the plain name")
                .extracting(StackContainer::name)
                .containsExactly("stack_web_2", "stack_web_3");
        assertThat(services.get("web-horizon")).extracting(StackContainer::name).containsExactly("stack_web_1");
    }

    @Test
    void theirPlanValidatesWithEachServicesReplicaNames() throws IOException {
        String nginx = """
                # configuration file /etc/nginx/conf.d/cosmic.conf:
                http {
                  include /etc/nginx/relman/*.conf;
                  server { listen 80; location / { proxy_pass http://app; } }
                }

                # configuration file /etc/nginx/relman/app.conf:
                upstream app { server cosmic-app-1-prod:8000; server cosmic-app-2-prod:8000; server cosmic-app-3-prod:8000; }
                """;
        StackDescription stack = new StackDescription(
                "cosmic",
                List.of(
                        cosmic("cosmic-app-1-prod", "app1", SERVE),
                        cosmic("cosmic-app-2-prod", "app2", SERVE),
                        cosmic("cosmic-app-3-prod", "app3", SERVE),
                        cosmic("cosmic-scheduler-prod", "scheduler", SCHEDULE),
                        cosmic("cosmic-queue-1-prod", "queue1", QUEUE),
                        cosmic("cosmic-queue-2-prod", "queue2", QUEUE),
                        ComposePlanTest.container("cosmic-nginx-prod", "nginx", "relman/nginx:bookworm")),
                List.of(new StackDescription.NginxDump("cosmic-nginx-prod", nginx)));

        ComposePlan.Written written =
                ComposePlan.write(stack, "prod", ComposePlanTest.NOTHING_ANSWERS, ComposePlanTest.SCHEMA);
        Plan plan = PlanLoader.load(Files.writeString(dir.resolve("relman.yml"), written.yaml()));

        assertThat(plan.services()).extracting(Service::name).containsExactlyInAnyOrder("app", "queue", "scheduler");
        assertThat(plan.service("app").orElseThrow().replicaName("cosmic", "prod", 3))
                .isEqualTo("cosmic-app-3-prod");
        assertThat(plan.service("app").orElseThrow().port()).isEqualTo(8000);
        assertThat(plan.service("queue").orElseThrow().replicas()).isEqualTo(2);
        assertThat(plan.service("queue").orElseThrow().replicaName("cosmic", "prod", 2))
                .isEqualTo("cosmic-queue-2-prod");
        assertThat(plan.service("queue").orElseThrow().servesTraffic()).isFalse();
        assertThat(plan.service("scheduler").orElseThrow().replicaName("cosmic", "prod", 1))
                .isEqualTo("cosmic-scheduler-prod");
    }

    private static StackContainer cosmic(String name, String composeService, List<String> command) {
        return new StackContainer(
                name,
                composeService,
                "cosmic/app:1.0",
                true,
                List.of("cosmic_default"),
                List.of(),
                false,
                List.of(),
                List.of(),
                command);
    }
}
