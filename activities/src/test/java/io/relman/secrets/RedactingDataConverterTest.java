package io.relman.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RedactingDataConverterTest {
    private static final String PASSWORD = "s3cr\"et-pa55";
    private final RedactingDataConverter converter = new RedactingDataConverter(
            DefaultDataConverter.newDefaultInstance(),
            new SecretResolver(
                    Map.of("SHOP_DB_PASSWORD", PASSWORD, "SHORT", "abc")::get, List.of("SHOP_DB_PASSWORD", "SHORT")));

    record Outcome(int exitCode, String outputTail) {}

    @Test
    void aSecretInAResultIsRedactedAndTheResultStillReads() {
        Payloads payloads = converter
                .toPayloads(new Outcome(1, "connecting to postgres://shop:" + PASSWORD + "@db/shop (abc)"))
                .orElseThrow();

        String json = payloads.getPayloads(0).getData().toString(StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("pa55").contains("postgres://shop:***@db/shop");
        assertThat(converter
                        .fromPayloads(0, java.util.Optional.of(payloads), Outcome.class, Outcome.class)
                        .outputTail())
                .as("a value shorter than " + SecretResolver.MIN_REDACTED_LENGTH + " is left alone")
                .isEqualTo("connecting to postgres://shop:***@db/shop (abc)");
    }

    @Test
    void aSecretInAFailureMessageItsCauseAndItsDetailsIsRedacted() {
        ApplicationFailure failure = ApplicationFailure.newBuilder()
                .setType("MigrationFailed")
                .setMessage("migration exited with 1. Its last lines:\nPGPASSWORD=" + PASSWORD)
                .setNonRetryable(true)
                .setDetails(new Outcome(1, PASSWORD))
                .setCause(new IllegalStateException("dsn " + PASSWORD))
                .build();

        Failure sent = converter.exceptionToFailure(failure);

        assertThat(sent.toString()).doesNotContain("pa55");
        assertThat(sent.getMessage()).endsWith("PGPASSWORD=***");
        assertThat(sent.getCause().getMessage()).isEqualTo("dsn ***");
        assertThat(sent.getApplicationFailureInfo().getType()).isEqualTo("MigrationFailed");
        assertThat(sent.getApplicationFailureInfo().getNonRetryable()).isTrue();
    }
}
