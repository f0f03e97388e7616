package io.relman.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The comparisons every "undone" and "done" rests on. */
@Timeout(10)
class StackComparisonTest {
    private static final ReplicaState API_1_V1 = running("api-1", "sha256:aaa111", "acme/api:v1");
    private static final ReplicaState API_2_V1 = running("api-2", "sha256:aaa111", "acme/api:v1");

    @Test
    void aStackThatIsAsBeforeHasNoDifference() {
        assertThat(StackComparison.sinceBefore(
                        List.of(API_1_V1, API_2_V1, ReplicaState.absent("api-3")),
                        List.of(API_1_V1, API_2_V1, ReplicaState.absent("api-3"))))
                .isEmpty();
    }

    @Test
    void everyWayAReplicaCanDifferIsNamed() {
        ReplicaState stopped = new ReplicaState(
                "api-2", true, false, "sha256:aaa111", "acme/api:v1", List.of("acme/api"), "v1", Map.of(), false);
        List<String> differences = StackComparison.sinceBefore(
                List.of(
                        API_1_V1,
                        API_2_V1,
                        running("api-3", "sha256:aaa111", "acme/api:v1"),
                        ReplicaState.absent("api-4")),
                List.of(
                        running("api-1", "sha256:bbb222", "acme/api:v2"),
                        stopped,
                        ReplicaState.absent("api-3"),
                        running("api-4", "sha256:bbb222", "acme/api:v2")));

        assertThat(differences)
                .containsExactly(
                        "api-1 runs acme/api:v2 (bbb222) now; before it ran acme/api:v1 (aaa111)",
                        "api-2 is stopped now; it was running before",
                        "api-3 is gone; it ran acme/api:v1 before",
                        "api-4 exists now (acme/api:v2); it did not before");
    }

    @Test
    void aReleaseIsComparedWithTheImageItAskedFor() {
        assertThat(StackComparison.fromWanted(
                        Map.of("api-1", "sha256:bbb222"), List.of(running("api-1", "sha256:bbb222", "acme/api:v2"))))
                .isEmpty();
        assertThat(StackComparison.fromWanted(
                        Map.of("api-1", "sha256:bbb222", "api-2", "sha256:bbb222"),
                        List.of(API_1_V1, ReplicaState.absent("api-2"))))
                .containsExactlyInAnyOrder(
                        "api-1 runs acme/api:v1 (aaa111), not the release's image (bbb222)", "api-2 does not exist");
    }

    private static ReplicaState running(String name, String imageId, String image) {
        return new ReplicaState(
                name, true, true, imageId, image, List.of(image.split(":")[0]), image.split(":")[1], Map.of(), false);
    }
}
