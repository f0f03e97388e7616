package io.relman.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SecretResolverTest {
    private final SecretResolver resolver = new SecretResolver(Map.of("SHOP_DB_PASSWORD", "s3cret")::get);

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
}
