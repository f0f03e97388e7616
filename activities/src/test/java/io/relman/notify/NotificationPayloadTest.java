package io.relman.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relman.plan.ReleaseStep;
import io.relman.saga.Compensation;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationPayloadTest {
    static final String LINK = "http://127.0.0.1:8233/namespaces/default/workflows/release-shop-ci/r1/history";

    static Notification event(String event, String reason, List<Compensation> undo) {
        return new Notification(
                1, event, "shop", "ci", "v3", "deploy", "ana@laptop", "release-shop-ci", "r1", reason, undo);
    }

    @Test
    void aStartedEventCarriesTheRunsFactsAndALineForAChat() throws Exception {
        JsonNode body = new ObjectMapper().readTree(NotificationPayload.json(event("started", null, List.of()), LINK));

        assertThat(body.get("event").asText()).isEqualTo("started");
        assertThat(body.get("project").asText()).isEqualTo("shop");
        assertThat(body.get("environment").asText()).isEqualTo("ci");
        assertThat(body.get("version").asText()).isEqualTo("v3");
        assertThat(body.get("kind").asText()).isEqualTo("deploy");
        assertThat(body.get("requested_by").asText()).isEqualTo("ana@laptop");
        assertThat(body.get("link").asText()).isEqualTo(LINK);
        assertThat(body.has("reason")).isFalse();
        assertThat(body.has("undo_steps")).isFalse();
        assertThat(body.get("text").asText())
                .isEqualTo("relman: deploy of v3 to shop/ci started (by ana@laptop) " + LINK);
    }

    @Test
    void anUndoIncompleteEventCarriesTheReasonAndEachUndoStepWithItsOutcome() throws Exception {
        List<Compensation> undo = List.of(
                new Compensation(ReleaseStep.ROLLOUT, "put shop-ci-app-1 back on v2", Compensation.Outcome.DONE, "ok"),
                new Compensation(
                        ReleaseStep.MIGRATE, "migrate app down", Compensation.Outcome.FAILED, "0004 cannot go down"));
        Notification notification =
                event("undo_incomplete", "deploy of v3 to ci failed during migrate: boom\nlog", undo);

        JsonNode body = new ObjectMapper().readTree(NotificationPayload.json(notification, LINK));

        assertThat(body.get("reason").asText()).startsWith("deploy of v3 to ci failed during migrate: boom");
        assertThat(body.get("undo_steps")).hasSize(2);
        JsonNode failed = body.get("undo_steps").get(1);
        assertThat(failed.get("step").asText()).isEqualTo("migrate");
        assertThat(failed.get("outcome").asText()).isEqualTo("failed");
        assertThat(failed.get("message").asText()).isEqualTo("0004 cannot go down");
        assertThat(body.get("text").asText())
                .isEqualTo("relman: deploy of v3 to shop/ci could NOT be fully undone (by ana@laptop): deploy of v3"
                        + " to ci failed during migrate: boom; 2 undo step(s), 1 failed " + LINK);
    }

    @Test
    void aFailedBackupHasNoVersionAndSaysWhichDatabase() throws Exception {
        Notification notification = new Notification(
                0,
                "backup_failed",
                "shop",
                "ci",
                null,
                "backup",
                "schedule",
                "backup-shop-ci",
                "r2",
                "backup of shop (shop ci) failed: pg_dump exited with 1",
                List.of());

        JsonNode body = new ObjectMapper().readTree(NotificationPayload.json(notification, LINK));

        assertThat(body.has("version")).isFalse();
        assertThat(body.get("kind").asText()).isEqualTo("backup");
        assertThat(body.get("text").asText())
                .isEqualTo("relman: backup of shop/ci failed (by schedule): backup of shop (shop ci) failed: pg_dump"
                        + " exited with 1 " + LINK);
    }
}
