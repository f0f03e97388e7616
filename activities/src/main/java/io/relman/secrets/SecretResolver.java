package io.relman.secrets;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.relman.temporal.FailureType;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the secret names a plan carries into values, on the worker only: values never enter a
 * workflow's input, result or history. A plan names variables, and whoever can start a workflow can
 * send a plan: only the variables in the worker's allow-list ({@code relman.secrets.allowed}) are handed
 * out, so a plan cannot read the release database's password or any other variable of the worker.
 */
public final class SecretResolver {
    /**
     * Shorter values are not redacted: replacing a 3-letter word everywhere would garble every text (and
     * such a secret protects nothing).
     */
    public static final int MIN_REDACTED_LENGTH = 6;

    public static final String REDACTED = "***";

    private final Function<String, String> source;
    private final Set<String> allowed;

    /** The values of the allowed secrets that are set, long enough to be told from ordinary text. */
    private final List<String> values;

    /** The same values as they appear inside a JSON string (quotes and backslashes escaped). */
    private final List<String> jsonValues;

    public SecretResolver(Function<String, String> source, Collection<String> allowed) {
        this.source = source;
        this.allowed = Set.copyOf(allowed);
        this.values = this.allowed.stream()
                .map(source)
                .filter(value -> value != null && value.length() >= MIN_REDACTED_LENGTH)
                // The longest first: a secret that contains another is replaced whole.
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        this.jsonValues = values.stream()
                .map(value -> new String(JsonStringEncoder.getInstance().quoteAsString(value)))
                .toList();
    }

    /** {@code text} with every value this worker hands out replaced by {@value #REDACTED}. */
    public String redact(String text) {
        return replaced(text, values);
    }

    /** The same for JSON text, where a value appears with its quotes and backslashes escaped. */
    public String redactJson(String json) {
        return replaced(json, jsonValues);
    }

    private static String replaced(String text, List<String> forms) {
        String redacted = text;
        for (String form : forms) {
            redacted = redacted.replace(form, REDACTED);
        }
        return redacted;
    }

    /** Secrets from the worker process's environment variables, those in {@code allowed} only. */
    public static SecretResolver fromEnvironment(Collection<String> allowed) {
        return new SecretResolver(System::getenv, allowed);
    }

    /** Container variable to value, for a map of container variable to secret name. */
    public Map<String, String> resolve(Map<String, String> secretEnv) {
        Map<String, String> values = new LinkedHashMap<>();
        secretEnv.forEach((variable, secret) -> values.put(variable, value(secret, "for " + variable)));
        return values;
    }

    /** Fails as {@link #resolve} would for any of {@code secrets}, without handing a value out. */
    public void requireHandedOut(Collection<String> secrets) {
        secrets.forEach(secret -> value(secret, "named by the plan"));
    }

    /** The value of one secret the plan names, {@code use} saying what for (in the failure's message). */
    public String value(String secret, String use) {
        if (!allowed.contains(secret)) {
            throw FailureType.SECRET_REFUSED.failure("the plan asks for " + secret + " (" + use
                    + "), which this worker does not hand out: if the plan may read it, add " + secret
                    + " to relman.secrets.allowed (RELMAN_SECRETS_ALLOWED, comma-separated) in the worker's"
                    + " configuration and restart the worker. Nothing was read.");
        }
        String value = source.apply(secret);
        if (value == null) {
            throw FailureType.SECRET_MISSING.failure("secret " + secret + " (" + use
                    + ") is not set on this worker: set the environment variable " + secret
                    + " where the worker starts (the embedded runtime reads .relman/secrets.env) and retry");
        }
        return value;
    }
}
