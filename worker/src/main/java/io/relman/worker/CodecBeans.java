package io.relman.worker;

import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who may call the codec endpoint. */
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
}
