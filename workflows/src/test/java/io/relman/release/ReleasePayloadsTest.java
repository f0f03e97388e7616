package io.relman.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import io.relman.plan.ReleaseStep;
import io.relman.saga.Compensation;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.EncodingKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Steps, outcomes and kinds travel as the words relman always wrote ({@code migrate}, {@code done}):
 * the failure details of runs recorded before they were enums, and the records in relman's database,
 * still read.
 */
@Timeout(10)
class ReleasePayloadsTest {
    private final DataConverter converter = DefaultDataConverter.newDefaultInstance();

    @Test
    void theFailureDetailsOfAnOlderRunStillRead() {
        String older = """
                {"environment":"demo","version":"v3","step":"rollout","reason":"deploy of v3 failed",
                 "compensations":[{"step":"rollout","action":"put shop-demo-app-1 back on v2","outcome":"done",
                 "message":"healthy"},{"step":"migrate","action":"migrate app down","outcome":"skipped","message":"x"}]}
                """;

        ReleaseFailure failure = converter.fromPayload(json(older), ReleaseFailure.class, ReleaseFailure.class);

        assertThat(failure.step()).isEqualTo(ReleaseStep.ROLLOUT);
        assertThat(failure.compensations())
                .extracting(Compensation::step, Compensation::outcome)
                .containsExactly(
                        tuple(ReleaseStep.ROLLOUT, Compensation.Outcome.DONE),
                        tuple(ReleaseStep.MIGRATE, Compensation.Outcome.SKIPPED));
    }

    @Test
    void stepsOutcomesAndKindsAreWrittenAsWords() {
        ReleaseProgress progress = new ReleaseProgress(
                ReleaseStep.COMPENSATE,
                null,
                0,
                1,
                3,
                33,
                List.of(new ReleaseEvent(10, ReleaseStep.COMPENSATE, 33, "undoing")),
                List.of(new Compensation(ReleaseStep.ROLLOUT, "put back", Compensation.Outcome.FAILED, "gone")));

        String written = converter.toPayload(progress).orElseThrow().getData().toStringUtf8();

        assertThat(written)
                .contains("\"step\":\"compensate\"", "\"step\":\"rollout\"", "\"outcome\":\"failed\"")
                .doesNotContain("COMPENSATE", "ROLLOUT", "FAILED");
        assertThat(converter
                        .toPayload(ReleaseKind.MIGRATION)
                        .orElseThrow()
                        .getData()
                        .toStringUtf8())
                .isEqualTo("\"migration\"");
        assertThat(converter.fromPayload(json("\"succeeded\""), ReleaseOutcome.class, ReleaseOutcome.class))
                .isEqualTo(ReleaseOutcome.SUCCEEDED);
    }

    private static Payload json(String text) {
        return Payload.newBuilder()
                .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFrom(text, StandardCharsets.UTF_8))
                .build();
    }
}
