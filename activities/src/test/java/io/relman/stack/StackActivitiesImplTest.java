package io.relman.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.docker.DockerExec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a path answered relman init's probe, from curl's exit and its %{http_code}. */
@Timeout(5)
class StackActivitiesImplTest {
    @Test
    void aStatusIsReadWhetherCurlFailedOnItOrNot() {
        assertThat(StackActivitiesImpl.answer("/healthz", new DockerExec.Result(0, "204", "")))
                .isEqualTo(new HealthPathSearch.Answer("/healthz", 204, null));
        assertThat(StackActivitiesImpl.answer(
                        "/health",
                        new DockerExec.Result(22, "404", "curl: (22) The requested URL returned error: 404")))
                .isEqualTo(new HealthPathSearch.Answer("/health", 404, null));
    }

    @Test
    void noHTTPAnswerKeepsCurlsWords() {
        HealthPathSearch.Answer answer = StackActivitiesImpl.answer(
                "/ready", new DockerExec.Result(7, "000", "curl: (7) Failed to connect to api-1 port 8000"));

        assertThat(answer)
                .isEqualTo(new HealthPathSearch.Answer("/ready", 0, "curl: (7) Failed to connect to api-1 port 8000"));
        assertThat(answer.ok()).isFalse();
    }
}
