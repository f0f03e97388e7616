package io.relman.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.docker.ContainerNames;
import io.relman.docker.ReplicaState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AdoptedBaselineTest {
    private static ReplicaState compose(String name, String image, String imageId, String version) {
        return new ReplicaState(name, true, true, imageId, image, List.of("acme/web"), version, Map.of(), false);
    }

    private static ReplicaState relmanMade(String name) {
        return new ReplicaState(
                name,
                true,
                true,
                "sha256:new",
                "acme/web:3.0.0",
                List.of("acme/web"),
                "3.0.0",
                Map.of(ContainerNames.LABEL_PROJECT, "app"),
                false);
    }

    @Test
    void aStackRelmanDidNotMakeIsAdoptedByItsTagsAndImageIds() {
        AdoptedBaseline adopted = AdoptedBaseline.seenBefore(Map.of(
                "web",
                List.of(
                        compose("app_web_1", "acme/web:2.2.15", "sha256:old", "2.2.15"),
                        compose("app_web_2", "acme/web:2.2.15", "sha256:old", "2.2.15")),
                "worker",
                List.of(compose("app_worker_1", "acme/worker:2.2.15", "sha256:wk", "2.2.15"))));

        assertThat(adopted.versions()).isEqualTo(Map.of("web", "2.2.15", "worker", "2.2.15"));
        assertThat(adopted.images()).isEqualTo(Map.of("web", "sha256:old", "worker", "sha256:wk"));
        assertThat(adopted.releaseVersion()).isEqualTo("2.2.15");
        assertThat(adopted.describe()).isEqualTo("web 2.2.15 (old), worker 2.2.15 (wk)");
    }

    @Test
    void servicesOnDifferentTagsOrAnUntaggedImageAreTheBaselineByName() {
        AdoptedBaseline mixed = AdoptedBaseline.seenBefore(Map.of(
                "web", List.of(compose("app_web_1", "acme/web:2.2.15", "sha256:old", "2.2.15")),
                "worker", List.of(compose("app_worker_1", "acme/worker:1.0", "sha256:wk", "1.0"))));
        AdoptedBaseline untagged = AdoptedBaseline.seenBefore(Map.of(
                "web",
                List.of(compose("app_web_1", "acme/web@sha256:abc", "sha256:old", ReplicaState.UNKNOWN_VERSION))));

        assertThat(mixed.releaseVersion()).isEqualTo(AdoptedBaseline.MIXED_VERSION);
        assertThat(untagged.versions()).isEqualTo(Map.of("web", "acme/web@sha256:abc"));
        assertThat(untagged.releaseVersion()).isEqualTo(AdoptedBaseline.MIXED_VERSION);
    }

    @Test
    void nothingIsAdoptedFromAStackRelmanMadeOrWhereAServiceHasNoReplica() {
        assertThat(AdoptedBaseline.seenBefore(Map.of(
                        "web",
                        List.of(
                                compose("app_web_1", "acme/web:2.2.15", "sha256:old", "2.2.15"),
                                relmanMade("app_web_2")))))
                .isNull();
        assertThat(AdoptedBaseline.seenBefore(Map.of(
                        "web",
                        List.of(compose("app_web_1", "acme/web:2.2.15", "sha256:old", "2.2.15")),
                        "worker",
                        List.of(ReplicaState.absent("app_worker_1")))))
                .isNull();
        assertThat(AdoptedBaseline.seenBefore(Map.of())).isNull();
    }
}
