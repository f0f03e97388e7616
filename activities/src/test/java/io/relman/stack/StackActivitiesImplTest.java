package io.relman.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.docker.DockerExec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a path answered relman init's probe, from curl's exit and its %{http_code}; the database settings
 * it reads from a container.
 */
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

    @Test
    void aDatabaseContainersSettingsAreItsDatabaseAndUserNeverAPassword() {
        String[] env = {
            "MARIADB_ROOT_PASSWORD=r00t",
            "MARIADB_DATABASE=forge",
            "MARIADB_USER=forge",
            "MARIADB_PASSWORD=s3cret",
            "MYSQL_ROOT_PASSWORD=r00t2",
            "MYSQL_PASSWORD=s3cret2",
            "MYSQL_USER=forge",
            "MYSQL_DATABASE=forge",
            "MYSQL_ALLOW_EMPTY_PASSWORD=yes",
            "MARIADB_RANDOM_ROOT_PASSWORD=1",
            "POSTGRES_PASSWORD=pg",
            "POSTGRES_PASSWORD_FILE=/run/secrets/pg",
            "POSTGRES_USER=app",
            "POSTGRES_DB=orders",
            "PATH=/usr/bin",
            "MYSQL_USERNAME=x",
            "NO_EQUALS"
        };

        assertThat(StackActivitiesImpl.databaseEnv(env))
                .containsExactly(
                        "MARIADB_DATABASE=forge",
                        "MARIADB_USER=forge",
                        "MYSQL_DATABASE=forge",
                        "MYSQL_USER=forge",
                        "POSTGRES_DB=orders",
                        "POSTGRES_USER=app");
        assertThat(String.join(" ", StackActivitiesImpl.databaseEnv(env)))
                .doesNotContain("PASSWORD")
                .doesNotContain("s3cret")
                .doesNotContain("r00t");
        assertThat(StackActivitiesImpl.databaseEnv(null)).isEmpty();
    }
}
