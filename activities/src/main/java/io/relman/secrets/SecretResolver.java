package io.relman.secrets;

import io.relman.temporal.FailureType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the secret names a plan carries into values, on the worker only: values never enter a
 * workflow's input, result or history.
 */
public final class SecretResolver {
    private final Function<String, String> source;

    public SecretResolver(Function<String, String> source) {
        this.source = source;
    }

    /** Secrets from the worker process's environment variables. */
    public static SecretResolver fromEnvironment() {
        return new SecretResolver(System::getenv);
    }

    /** Container variable to value, for a map of container variable to secret name. */
    public Map<String, String> resolve(Map<String, String> secretEnv) {
        Map<String, String> values = new LinkedHashMap<>();
        secretEnv.forEach((variable, secret) -> {
            String value = source.apply(secret);
            if (value == null) {
                throw FailureType.SECRET_MISSING.failure("secret " + secret + " (for " + variable
                        + ") is not set on this worker: set the environment variable " + secret
                        + " where the worker starts (the embedded runtime reads .relman/secrets.env) and retry");
            }
            values.put(variable, value);
        });
        return values;
    }
}
