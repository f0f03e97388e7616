package io.relman.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A container as the worker describes it to relman init, through Temporal's JSON. */
@Timeout(5)
class StackContainerTest {
    private static final DataConverter JSON = DefaultDataConverter.newDefaultInstance();

    @Test
    void itComesBackAsItWasSent() {
        StackContainer sent = new StackContainer(
                "forge-db-prod",
                "db",
                "mariadb:10.11",
                true,
                List.of("forge_default"),
                List.of(3306),
                true,
                List.of("MARIADB_DATABASE=forge", "MARIADB_USER=forge"),
                List.of(new DatabaseUrl("DB_*", "forge", "db", 3306, "forge")),
                List.of("docker-php-entrypoint", "php", "artisan", "queue:work"));

        Payload payload = JSON.toPayload(sent).orElseThrow();

        assertThat(JSON.fromPayload(payload, StackContainer.class, StackContainer.class))
                .isEqualTo(sent);
    }

    @Test
    void aWorkerFromBeforeMariaDbSendsItsPostgresSettingsUnderTheOldName() {
        Payload fromOldWorker = Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFromUtf8("{\"name\":\"stack_db_1\",\"composeService\":\"db\","
                        + "\"image\":\"postgres:15\",\"running\":true,\"networks\":[\"stack_default\"],"
                        + "\"exposedPorts\":[5432],\"hasHealthcheck\":false,"
                        + "\"postgresEnv\":[\"POSTGRES_DB=orders\",\"POSTGRES_USER=app\"]}"))
                .build();

        StackContainer read = JSON.fromPayload(fromOldWorker, StackContainer.class, StackContainer.class);

        assertThat(read.databaseEnv()).containsExactly("POSTGRES_DB=orders", "POSTGRES_USER=app");
        assertThat(read.databaseUrls()).isEmpty();
        assertThat(read.command()).isEmpty();
    }

    @Test
    void aNewerWorkersFieldsAreLeftOut() {
        Payload fromNewerWorker = Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFromUtf8("{\"name\":\"app_1\",\"composeService\":\"app\","
                        + "\"image\":\"acme/app:v1\",\"running\":true,\"networks\":[],\"exposedPorts\":[],"
                        + "\"hasHealthcheck\":false,\"command\":[\"serve\"],\"restartPolicy\":\"always\"}"))
                .build();

        StackContainer read = JSON.fromPayload(fromNewerWorker, StackContainer.class, StackContainer.class);

        assertThat(read.command()).containsExactly("serve");
    }
}
