package io.relman.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SecretResolverTest {
    private final SecretResolver resolver = new SecretResolver(
            Map.of("SHOP_DB_PASSWORD", "s3cret", "RELMAN_DB_PASSWORD", "the-records")::get,
            List.of("SHOP_DB_PASSWORD", "SHOP_API_KEY"));

    @Test
    void resolvesContainerVariablesFromTheWorkersSecrets() {
        assertThat(resolver.resolve(Map.of("PGPASSWORD", "SHOP_DB_PASSWORD")))
                .containsExactly(Map.entry("PGPASSWORD", "s3cret"));
    }

    @Test
    void aMissingSecretIsANonRetryableErrorThatSaysWhereToSetIt() {
        assertThatThrownBy(() -> resolver.resolve(Map.of("API_KEY", "SHOP_API_KEY")))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.isNonRetryable()).isTrue();
                    assertThat(failure.getOriginalMessage())
                            .startsWith(
                                    "secret SHOP_API_KEY (for API_KEY) is not set on this worker: set the environment variable SHOP_API_KEY");
                });
    }

    @Test
    void aVariableOutsideTheAllowListIsRefusedThoughTheWorkerHasIt() {
        assertThatThrownBy(() -> resolver.resolve(Map.of("PGPASSWORD", "RELMAN_DB_PASSWORD")))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.isNonRetryable()).isTrue();
                    assertThat(failure.getType()).isEqualTo("SecretRefused");
                    assertThat(failure.getOriginalMessage())
                            .startsWith("the plan asks for RELMAN_DB_PASSWORD (for PGPASSWORD), which this worker does"
                                    + " not hand out: if the plan may read it, add RELMAN_DB_PASSWORD to"
                                    + " relman.secrets.allowed")
                            .doesNotContain("the-records");
                });
    }
}
