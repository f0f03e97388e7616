package io.relman.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A container relman did not make is a replica of the release its image's tag names. */
@Timeout(10)
class ReplicaStatesTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Test
    void aComposeContainerRunsTheReleaseOfItsImagesTagAndCarriesNoRelmanLabels() throws Exception {
        InspectContainerResponse container;
        try (InputStream json = getClass().getResourceAsStream("/inspect/compose-container.json")) {
            container = JSON.readValue(json, InspectContainerResponse.class);
        }

        ReplicaState state = ReplicaStates.of("shop-app-1", container, List.of("shop/app:v1", "shop/app:latest"));

        assertThat(state.exists()).isTrue();
        assertThat(state.running()).isTrue();
        assertThat(state.image()).isEqualTo("shop/app:v1");
        assertThat(state.imageRepositories()).containsExactly("shop/app");
        assertThat(state.version()).isEqualTo("v1");
        assertThat(state.relmanLabels()).isEmpty();
        assertThat(state.publishesHostPort()).isTrue();
    }

    @Test
    void relmansLabelNamesTheReleaseWhenRelmanMadeIt() {
        assertThat(ReplicaStates.version(Map.of(ContainerNames.LABEL_VERSION, "v7"), "shop/app:latest", List.of()))
                .isEqualTo("v7");
    }

    @Test
    void aContainerMadeFromAnImageIdTakesTheTagOfItsImage() {
        assertThat(ReplicaStates.version(Map.of(), "sha256:1111", List.of("registry:5000/shop/app:v3")))
                .isEqualTo("v3");
        assertThat(ReplicaStates.version(Map.of(), "sha256:1111", List.of())).isEqualTo("unknown");
    }

    @Test
    void aRegistryPortIsNotATag() {
        assertThat(ReplicaStates.repositoryOf("registry:5000/shop/app")).contains("registry:5000/shop/app");
        assertThat(ReplicaStates.repositoryOf("registry:5000/shop/app:v1")).contains("registry:5000/shop/app");
        assertThat(ReplicaStates.repositoryOf("shop/app@sha256:abcd")).contains("shop/app");
        assertThat(ReplicaStates.version(Map.of(), "registry:5000/shop/app", List.of()))
                .isEqualTo("unknown");
    }
}
