package io.relman.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.RestartPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A canary, made like a compose replica that publishes a host port: it runs as the replica, and is never one. */
@Timeout(10)
class CanarySpecTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final InspectContainerResponse replica =
            fixture("compose-replica-released.json", InspectContainerResponse.class);
    private final InspectImageResponse replicaImage = fixture("image-v1.json", InspectImageResponse.class);
    private final Map<String, String> labels = Map.of(
            ContainerNames.LABEL_PROJECT, "shop",
            ContainerNames.LABEL_CANARY_OF, "web",
            ContainerNames.LABEL_VERSION, "v2");

    private final ContainerSpec canary = CanarySpec.madeLike(
            replica, replicaImage, "shop-prod-web-canary-1", "shop/app:v2", Map.of("PGUSER", "shop"), labels);

    @Test
    void runsAsTheReplicaDoesCommandHealthCheckRestartPolicyVolumesAndEnvWithTheNewImage() {
        ContainerSpec replacement = ContainerSpec.copyOf(
                replica, replicaImage, "shop_web_1", "shop/app:v2", Map.of("PGUSER", "shop"), Map.of());

        assertThat(canary.image()).isEqualTo("shop/app:v2");
        assertThat(canary.cmd()).isEqualTo(replacement.cmd()).containsExactly("serve", "--port", "8000");
        assertThat(canary.healthcheck()).isEqualTo(replacement.healthcheck()).isNotNull();
        assertThat(canary.env()).isEqualTo(replacement.env()).contains("PGUSER=shop");
        assertThat(canary.hostConfig().getRestartPolicy()).isEqualTo(RestartPolicy.unlessStoppedRestart());
        assertThat(canary.hostConfig().getBinds()[0].toString()).isEqualTo("/srv/shop/uploads:/srv/shop/uploads:rw");
    }

    @Test
    void publishesNoHostPortAndTakesNoAliasSoOnlyNginxsWeightsSendItRequests() {
        assertThat(canary.hostConfig().getPortBindings().getBindings()).isEmpty();
        assertThat(canary.hostConfig().getPublishAllPorts()).isFalse();
        assertThat(canary.networks())
                .containsExactly(Map.entry("shop_default", List.of()), Map.entry("monitoring", List.of()));
    }

    @Test
    void carriesNoneOfComposesOrRelmansReplicaLabelsOnlyItsOwn() {
        assertThat(canary.labels()).doesNotContainKeys(ContainerNames.LABEL_SERVICE, ContainerNames.LABEL_REPLICA);
        assertThat(canary.labels().keySet()).noneMatch(label -> label.startsWith("com.docker.compose."));
        assertThat(canary.labels()).containsAllEntriesOf(labels).containsEntry("team", "payments");
    }

    private static <T> T fixture(String name, Class<T> type) {
        try (InputStream in = CanarySpecTest.class.getResourceAsStream("/inspect/" + name)) {
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
