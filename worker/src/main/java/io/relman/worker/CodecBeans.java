package io.relman.worker;

import io.relman.temporal.client.PayloadEncryption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who may call the codec endpoint, and which payload keys this worker holds (for a key rotation). */
@Configuration(proxyBeanMethods = false)
class CodecBeans {

    /** The codec token is the worker variable relman.codec.token-env names, read from its environment. */
    @Bean
    FilterRegistrationBean<CodecAccessFilter> codecAccessFilter(
            @Value("${relman.codec.token-env}") String tokenVariable,
            @Value("${relman.codec.allowed-hosts}") List<String> allowedHosts) {
        var filter =
                new CodecAccessFilter(Optional.ofNullable(System.getenv(tokenVariable)), tokenVariable, allowedHosts);
        var registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/codec/*");
        return registration;
    }

    /**
     * The ids of the keys this worker decrypts with and the one it encrypts with, in /actuator/info: a
     * rotation makes a new key the first (encrypting) one only once every worker lists it
     * (scripts/rotate-codec-key.sh checks the local worker's).
     */
    @Bean
    InfoContributor codecKeysInfo(Optional<PayloadEncryption> encryption) {
        return builder -> encryption.ifPresent(keys ->
                builder.withDetail("codec", Map.of("encryptsWith", keys.currentKeyId(), "keyIds", keys.keyIds())));
    }
}
