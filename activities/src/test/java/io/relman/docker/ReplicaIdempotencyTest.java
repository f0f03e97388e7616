package io.relman.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.docker.ReplicaIdempotency.Create;
import io.relman.docker.ReplicaIdempotency.Found;
import io.relman.docker.ReplicaIdempotency.Keep;
import io.relman.docker.ReplicaIdempotency.Restore;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A replica activity, retried or delivered twice, finds its own earlier work and finishes it: for each
 * thing it can find under the replica's name, what each of the three activities does.
 */
@Timeout(10)
class ReplicaIdempotencyTest {
    private static final String STEP = "3f1c-this-step";

    static Stream<Arguments> underTheName() {
        return Stream.of(
                Arguments.of(
                        "nothing (a first deploy, or kept by an earlier attempt)",
                        Found.ABSENT,
                        Keep.NOTHING_UNDER_THE_NAME,
                        Create.CREATE,
                        Restore.NOTHING_UNDER_THE_NAME),
                Arguments.of(
                        "the old replica of an earlier release",
                        Found.of("9a9a-earlier-release-step"),
                        Keep.KEEP_IT,
                        Create.NAME_TAKEN,
                        Restore.OLD_ONE_IS_BACK),
                Arguments.of(
                        "a container relman did not create",
                        Found.of(null),
                        Keep.KEEP_IT,
                        Create.NAME_TAKEN,
                        Restore.OLD_ONE_IS_BACK),
                Arguments.of(
                        "this step's new replica (the attempt before crashed)",
                        Found.of(STEP),
                        Keep.ALREADY_REPLACED,
                        Create.FINISH_THE_EARLIER_ATTEMPT,
                        Restore.REMOVE_THE_NEW_ONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("underTheName")
    void eachActivityDoesItsPartOnceWhateverItFinds(
            String situation, Found found, Keep keep, Create create, Restore restore) {
        assertThat(ReplicaIdempotency.keep(found, STEP)).isEqualTo(keep);
        assertThat(ReplicaIdempotency.create(found, STEP)).isEqualTo(create);
        assertThat(ReplicaIdempotency.restore(found, STEP)).isEqualTo(restore);
    }
}
