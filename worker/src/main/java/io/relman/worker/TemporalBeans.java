package io.relman.worker;

import io.relman.secrets.RedactingDataConverter;
import io.relman.secrets.SecretResolver;
import io.relman.support.HeartbeatTicker;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.worker.WorkerFactoryOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the worker talks to Temporal, beyond what application.yml says: what it sends (secret values
 * redacted), and the heartbeats it adds.
 */
@Configuration(proxyBeanMethods = false)
public class TemporalBeans {

    /**
     * What the worker sends to Temporal, with every secret value it hands out replaced by ***: the starter
     * uses the one DataConverter bean for the worker's client.
     */
    @Bean
    DataConverter redactingDataConverter(SecretResolver secrets) {
        return new RedactingDataConverter(DefaultDataConverter.newDefaultInstance(), secrets);
    }

    /** Beats for activities that do not beat themselves, so that a dead worker is noticed in seconds. */
    @Bean(destroyMethod = "close")
    HeartbeatTicker heartbeatTicker() {
        return new HeartbeatTicker();
    }

    @Bean
    TemporalOptionsCustomizer<WorkerFactoryOptions.Builder> workerInterceptors(HeartbeatTicker ticker) {
        return builder -> builder.setWorkerInterceptors(ticker);
    }
}
