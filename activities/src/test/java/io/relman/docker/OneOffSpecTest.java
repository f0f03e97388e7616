package io.relman.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The migration's one-off container, made like a compose replica that relman has released once. */
@Timeout(10)
class OneOffSpecTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final List<String> MIGRATE = List.of("/srv/shop/migrate", "up");

    private final InspectContainerResponse replica =
            fixture("compose-replica-released.json", InspectContainerResponse.class);
    private final InspectImageResponse replicaImage = fixture("image-v1.json", InspectImageResponse.class);

    private final ContainerSpec spec = OneOffSpec.madeLike(
            replica,
            replicaImage,
            "shop-prod-web-migrate-v2-1a2b3c4d",
            "shop/app:v2",
            Map.of("PGPASSWORD", "from-the-plan", "PGUSER", "shop"),
            Map.of("relman.project", "shop", "relman.version", "v2", "relman.release", "release-shop-prod"),
            MIGRATE);

    @Test
    void runsWithTheReplicasOwnEnvironmentAndThePlansOnTopLeavingImageEnvToTheNewImage() {
        assertThat(spec.env())
                .containsExactlyInAnyOrder(
                        "DATABASE_URL=postgres://shop@db:5432/shop",
                        "PGPASSWORD=from-the-plan",
                        "LOG_LEVEL=debug",
                        "PGUSER=shop");
    }

    @Test
    void keepsTheReplicasNetworksUserWorkingDirectoryVolumesAndLimits() {
        assertThat(spec.networks().keySet()).containsExactly("shop_default", "monitoring");
        assertThat(spec.primaryNetwork()).isEqualTo("shop_default");
        assertThat(spec.user()).isEqualTo("1000:1000");
        assertThat(spec.workingDir()).isEqualTo("/srv/shop");
        assertThat(spec.hostConfig().getBinds()[0].toString()).isEqualTo("/srv/shop/uploads:/srv/shop/uploads:rw");
        assertThat(spec.hostConfig().getMounts())
                .singleElement()
                .satisfies(mount -> assertThat(mount.getTarget()).isEqualTo("/var/cache/shop"));
        assertThat(spec.hostConfig().getExtraHosts()).containsExactly("mail:10.0.0.25");
        assertThat(spec.hostConfig().getMemory()).isEqualTo(268435456L);
    }

    @Test
    void publishesNoPortAndTakesNoAliasSoNoRequestForTheServiceReachesIt() {
        assertThat(spec.exposedPorts()).isEmpty();
        assertThat(spec.hostConfig().getPortBindings().getBindings()).isEmpty();
        assertThat(spec.hostConfig().getPublishAllPorts()).isFalse();
        assertThat(spec.networks())
                .containsExactly(Map.entry("shop_default", List.of()), Map.entry("monitoring", List.of()));
    }

    @Test
    void dropsComposesAndRelmansReplicaLabelsKeepsTheOwnersAndSaysWhatItWasMadeLike() {
        assertThat(spec.labels())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "team",
                        "payments",
                        "relman.project",
                        "shop",
                        "relman.version",
                        "v2",
                        "relman.release",
                        "release-shop-prod",
                        ContainerNames.LABEL_MADE_LIKE,
                        "shop_web_1"));
    }

    @Test
    void runsThePlansCommandWithTheImagesEntrypointOnceAndIsNeverRestartedOrRemovedByDocker() {
        assertThat(spec.cmd()).isEqualTo(MIGRATE);
        assertThat(spec.entrypoint()).isNull();
        assertThat(spec.healthcheck()).isNull();
        assertThat(spec.hostConfig().getRestartPolicy()).isEqualTo(RestartPolicy.noRestart());
        assertThat(spec.hostConfig().getAutoRemove()).isFalse();
    }

    @Test
    void appliesToTheCreateCommandOnTheReplicasFirstNetworkWithoutAnAlias() {
        CreateContainerCmdImpl create = new CreateContainerCmdImpl(command -> null, null, "ignored");

        spec.applyTo(create);

        assertThat(create.getName()).isEqualTo("shop-prod-web-migrate-v2-1a2b3c4d");
        assertThat(create.getImage()).isEqualTo("shop/app:v2");
        assertThat(create.getCmd()).containsExactly("/srv/shop/migrate", "up");
        assertThat(create.getEntrypoint()).isNull();
        assertThat(create.getUser()).isEqualTo("1000:1000");
        assertThat(create.getWorkingDir()).isEqualTo("/srv/shop");
        assertThat(create.getHostConfig().getNetworkMode()).isEqualTo("shop_default");
        assertThat(create.getAliases()).isEmpty();
        assertThat(create.getExposedPorts()).isNullOrEmpty();
        assertThat(spec.extraNetworks()).containsExactly(Map.entry("monitoring", List.of()));
    }

    private static <T> T fixture(String name, Class<T> type) {
        try (InputStream in = OneOffSpecTest.class.getResourceAsStream("/inspect/" + name)) {
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
