package io.relman.worker;

import io.relman.secrets.RedactingDataConverter;
import io.relman.secrets.SecretResolver;
import io.relman.support.HeartbeatTicker;
import io.relman.temporal.HostRouting;
import io.relman.temporal.client.PayloadEncryption;
import io.relman.temporal.client.TemporalCredentials;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the worker talks to Temporal, beyond what application.yml says: its credentials, what it sends (secret
 * values redacted, payloads encrypted), and the heartbeats it adds.
 */
@Configuration(proxyBeanMethods = false)
public class TemporalBeans {

    /**
     * The keys of relman.codec.keys-file, or none when it is not set (payloads then go out in plain JSON, as
     * to a dev server nobody else reads).
     */
    @Bean
    @ConditionalOnExpression("!'${relman.codec.keys-file:}'.isBlank()")
    PayloadEncryption payloadEncryption(@Value("${relman.codec.keys-file}") String keysFile) {
        return PayloadEncryption.readKeys(Path.of(keysFile));
    }

    /**
     * What the worker sends to Temporal: every secret value it hands out replaced by ***, then encrypted when
     * it has keys. The starter uses the one DataConverter bean for the worker's client.
     */
    @Bean
    DataConverter redactingDataConverter(SecretResolver secrets, Optional<PayloadEncryption> encryption) {
        DataConverter redacting = new RedactingDataConverter(DefaultDataConverter.newDefaultInstance(), secrets);
        return encryption.map(keys -> keys.around(redacting)).orElse(redacting);
    }

    /** Beats for activities that do not beat themselves, so that a dead worker is noticed in seconds. */
    @Bean(destroyMethod = "close")
    HeartbeatTicker heartbeatTicker() {
        return new HeartbeatTicker();
    }

    /** The ticker's beats, and each host's activities sent to its own worker when the plan gives it one. */
    @Bean
    TemporalOptionsCustomizer<WorkerFactoryOptions.Builder> workerInterceptors(HeartbeatTicker ticker) {
        return builder -> builder.setWorkerInterceptors(ticker, new HostRouting());
    }

    /**
     * The client certificate, CA and API key of relman.temporal-tls and relman.api-key (the CLI's settings,
     * under the same environment variables), for a cluster that asks for them.
     */
    @Bean
    TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> temporalCredentials(
            @Value("${relman.temporal-tls.cert}") String certificate,
            @Value("${relman.temporal-tls.key}") String key,
            @Value("${relman.temporal-tls.ca}") String certificateAuthority,
            @Value("${relman.api-key}") String apiKey) {
        TemporalCredentials credentials = new TemporalCredentials(certificate, key, certificateAuthority, apiKey);
        if (credentials.problem() != null) {
            throw new IllegalStateException("relman.temporal-tls / relman.api-key: " + credentials.problem());
        }
        return credentials::applyTo;
    }
}
