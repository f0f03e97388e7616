package io.relman.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A container under a replica's name is the plan's, or it is left alone. */
@Timeout(10)
class ReplicaIdentityTest {
    @Test
    void aComposeContainerOfTheServicesImageIsTheReplica() {
        assertThat(ReplicaIdentity.problem(
                        found("acme/api:v1", List.of("acme/api"), Map.of()), "shop", "prod", "api", "acme/api"))
                .isEmpty();
    }

    @Test
    void anImageOfDockerHubIsKnownWithOrWithoutItsRegistry() {
        assertThat(ReplicaIdentity.problem(
                        found("nginx:1.25", List.of("docker.io/library/nginx"), Map.of()),
                        "shop",
                        "prod",
                        "lb",
                        "nginx"))
                .isEmpty();
    }

    @Test
    void anotherImageOrAnotherPlansLabelsIsNotTheReplica() {
        assertThat(ReplicaIdentity.problem(
                        found("redis:7", List.of("redis"), Map.of()), "shop", "prod", "api", "acme/api"))
                .contains("api-1 is not the replica of api that the plan means: it runs redis:7, not an image of"
                        + " acme/api");
        assertThat(ReplicaIdentity.problem(
                        found(
                                "acme/api:v1",
                                List.of("acme/api"),
                                Map.of(
                                        ContainerNames.LABEL_PROJECT,
                                        "blog",
                                        ContainerNames.LABEL_ENVIRONMENT,
                                        "prod",
                                        ContainerNames.LABEL_SERVICE,
                                        "api")),
                        "shop",
                        "prod",
                        "api",
                        "acme/api"))
                .contains("api-1 is not the replica of api that the plan means: relman made it for blog/prod/api"
                        + " (project/environment/service), not shop/prod/api");
    }

    private static ReplicaState found(String image, List<String> repositories, Map<String, String> labels) {
        return new ReplicaState("api-1", true, true, "sha256:1", image, repositories, "v1", labels, false);
    }
}
