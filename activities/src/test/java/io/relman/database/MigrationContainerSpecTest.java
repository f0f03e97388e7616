package io.relman.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.RestartPolicy;
import io.relman.docker.ContainerNames;
import io.relman.docker.ContainerSpec;
import io.relman.plan.Host;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The migration's container: made like the replica the run names, or from the plan alone when it names none. */
@Timeout(10)
class MigrationContainerSpecTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The plan's env, and a secret_env the worker resolved: the plan's values win over the replica's. */
    private static final Map<String, String> ENV = Map.of("PGUSER", "shop", "PGPASSWORD", "resolved-secret");

    private static MigrationRequest request(String madeLike) {
        return new MigrationRequest(
                Host.LOCAL,
                "shop-prod-web-migrate-v2-1a2b3c4d",
                "shop/app:v2",
                "shop-prod",
                List.of("/srv/shop/migrate", "up"),
                Map.of("PGUSER", "shop"),
                Map.of("PGPASSWORD", "SHOP_DB_PASSWORD"),
                Map.of(ContainerNames.LABEL_VERSION, "v2"),
                madeLike,
                null,
                null);
    }

    @Test
    void aNamedReplicaGivesItsEnvironmentNetworksAndUserWithThePlansEnvOnTop() {
        ContainerSpec spec = MigrationActivitiesImpl.spec(
                request("shop_web_1"),
                ENV,
                fixture("compose-replica-released.json", InspectContainerResponse.class),
                fixture("image-v1.json", InspectImageResponse.class));

        assertThat(spec.env())
                .containsExactlyInAnyOrder(
                        "DATABASE_URL=postgres://shop@db:5432/shop",
                        "LOG_LEVEL=debug",
                        "PGUSER=shop",
                        "PGPASSWORD=resolved-secret");
        assertThat(spec.networks().keySet()).containsExactly("shop_default", "monitoring");
        assertThat(spec.user()).isEqualTo("1000:1000");
        assertThat(spec.cmd()).containsExactly("/srv/shop/migrate", "up");
        assertThat(spec.hostConfig().getRestartPolicy()).isEqualTo(RestartPolicy.noRestart());
        assertThat(spec.labels())
                .containsEntry(ContainerNames.LABEL_VERSION, "v2")
                .containsEntry(ContainerNames.LABEL_MADE_LIKE, "shop_web_1")
                .doesNotContainKeys("com.docker.compose.service", ContainerNames.LABEL_SERVICE);
    }

    @Test
    void noReplicaMakesItFromThePlanAloneOnThePlansNetwork() {
        Map<String, String> env = new HashMap<>(ENV);

        ContainerSpec spec = MigrationActivitiesImpl.spec(request(null), env, null, null);

        assertThat(spec.env()).containsExactly("PGPASSWORD=resolved-secret", "PGUSER=shop");
        assertThat(spec.networks()).containsExactly(Map.entry("shop-prod", List.of()));
        assertThat(spec.labels()).containsExactlyEntriesOf(Map.of(ContainerNames.LABEL_VERSION, "v2"));
        assertThat(spec.user()).isNull();
        assertThat(spec.workingDir()).isNull();
        assertThat(spec.exposedPorts()).isEmpty();
        assertThat(spec.hostConfig().getRestartPolicy()).isEqualTo(RestartPolicy.noRestart());
    }

    private static <T> T fixture(String name, Class<T> type) {
        try (InputStream in = MigrationContainerSpecTest.class.getResourceAsStream("/inspect/" + name)) {
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
