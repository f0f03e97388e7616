package io.relman.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ContainerSpecTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final InspectContainerResponse previous = fixture("compose-container.json", InspectContainerResponse.class);
    private final InspectImageResponse previousImage = fixture("image-v1.json", InspectImageResponse.class);

    private final ContainerSpec spec = ContainerSpec.copyOf(
            previous,
            previousImage,
            "shop-app-1",
            "shop/app:v2",
            Map.of("PGPASSWORD", "from-relman", "PGUSER", "shop"),
            Map.of("relman.version", "v2"));

    @Test
    void keepsTheContainersOwnEnvLaysThePlanOverItAndLeavesImageEnvToTheNewImage() {
        assertThat(spec.env())
                .containsExactlyInAnyOrder("PGHOST=db", "PGPASSWORD=from-relman", "LOG_LEVEL=debug", "PGUSER=shop");
    }

    @Test
    void keepsPortBindingsVolumesMountsRestartPolicyAndLimits() {
        Ports.Binding binding =
                spec.hostConfig().getPortBindings().getBindings().get(ExposedPort.tcp(8000))[0];
        assertThat(binding.getHostIp()).isEqualTo("127.0.0.1");
        assertThat(binding.getHostPortSpec()).isEqualTo("18000");
        assertThat(spec.hostConfig().getBinds()[0].toString()).isEqualTo("/srv/shop/uploads:/app/uploads:rw");
        assertThat(spec.hostConfig().getMounts())
                .singleElement()
                .satisfies(mount -> assertThat(mount.getTarget()).isEqualTo("/var/cache/shop"));
        assertThat(spec.hostConfig().getRestartPolicy()).isEqualTo(RestartPolicy.alwaysRestart());
        assertThat(spec.hostConfig().getMemory()).isEqualTo(268435456L);
    }

    @Test
    void keepsEveryNetworkWithItsAliasesButNotTheOldContainersId() {
        assertThat(spec.primaryNetwork()).isEqualTo("shop_default");
        assertThat(spec.networks())
                .containsExactly(
                        Map.entry("shop_default", List.of("app")),
                        Map.entry("monitoring", List.of("shop-app-metrics")));
        assertThat(spec.extraNetworks()).containsExactly(Map.entry("monitoring", List.of("shop-app-metrics")));
    }

    @Test
    void aContainerLeftOnItsFirstNetworkLacksTheOthersWithTheirAliases() {
        assertThat(spec.networksMissingFrom(java.util.Set.of("shop_default")))
                .containsExactly(Map.entry("monitoring", List.of("shop-app-metrics")));
        assertThat(spec.networksMissingFrom(java.util.Set.of("shop_default", "monitoring")))
                .isEmpty();
    }

    @Test
    void keepsComposeAndOwnLabelsSoAComposeContainerStaysOneAndAddsRelmans() {
        assertThat(spec.labels())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "com.docker.compose.project", "shop",
                        "com.docker.compose.service", "app",
                        "com.docker.compose.container-number", "1",
                        "team", "payments",
                        "relman.version", "v2"));
    }

    @Test
    void leavesWhatCameFromTheOldImageToTheNewOne() {
        assertThat(spec.cmd()).isNull();
        assertThat(spec.workingDir()).isNull();
        assertThat(spec.hostname()).isNull();
        assertThat(spec.exposedPorts()).containsExactly(ExposedPort.tcp(9100));
    }

    @Test
    void appliesTheSpecToTheCreateCommand() {
        CreateContainerCmdImpl create = new CreateContainerCmdImpl(command -> null, null, "ignored");

        spec.applyTo(create);

        assertThat(create.getName()).isEqualTo("shop-app-1");
        assertThat(create.getImage()).isEqualTo("shop/app:v2");
        assertThat(create.getHostConfig().getNetworkMode()).isEqualTo("shop_default");
        assertThat(create.getAliases()).containsExactly("app");
        assertThat(create.getCmd()).isNull();
        assertThat(create.getEnv()).contains("PGHOST=db");
    }

    @Test
    void aFreshContainerGetsThePlansNetworkEnvLabelsAndTheDefaultRestartPolicy() {
        ContainerSpec fresh = ContainerSpec.fresh(
                "shop-demo-app-1",
                "shop/app:v1",
                "shop-demo",
                Map.of("PGHOST", "shop-demo-db"),
                Map.of("relman.service", "app"),
                null,
                ContainerSpec.DEFAULT_RESTART_POLICY);

        assertThat(fresh.networks()).containsExactly(Map.entry("shop-demo", List.of()));
        assertThat(fresh.env()).containsExactly("PGHOST=shop-demo-db");
        assertThat(fresh.hostConfig().getRestartPolicy()).isEqualTo(RestartPolicy.unlessStoppedRestart());
        assertThat(fresh.extraNetworks()).isEmpty();
    }

    private static <T> T fixture(String name, Class<T> type) {
        try (InputStream in = ContainerSpecTest.class.getResourceAsStream("/inspect/" + name)) {
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
