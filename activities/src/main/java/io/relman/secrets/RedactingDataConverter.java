package io.relman.secrets;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.payload.context.SerializationContext;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The worker's converter: everything the worker sends to Temporal (inputs, results, heartbeats, failure
 * messages and their causes' messages and stack traces) has every secret value the worker hands out
 * replaced by {@code ***}. Apps print their DSNs, and a migration's output or a replica's log lines reach
 * failure messages; this is the one place all of them pass.
 */
public final class RedactingDataConverter implements DataConverter {
    private static final ByteString JSON = ByteString.copyFromUtf8("json/plain");

    private final DataConverter next;
    private final SecretResolver secrets;

    public RedactingDataConverter(DataConverter next, SecretResolver secrets) {
        this.next = next;
        this.secrets = secrets;
    }

    @Override
    public <T> Optional<Payload> toPayload(T value) throws DataConverterException {
        return next.toPayload(value).map(this::redact);
    }

    @Override
    public <T> T fromPayload(Payload payload, Class<T> valueClass, Type valueType) throws DataConverterException {
        return next.fromPayload(payload, valueClass, valueType);
    }

    @Override
    public Optional<Payloads> toPayloads(Object... values) throws DataConverterException {
        return next.toPayloads(values).map(payloads -> {
            Payloads.Builder redacted = Payloads.newBuilder();
            payloads.getPayloadsList().forEach(payload -> redacted.addPayloads(redact(payload)));
            return redacted.build();
        });
    }

    @Override
    public <T> T fromPayloads(int index, Optional<Payloads> content, Class<T> valueType, Type valueGenericType)
            throws DataConverterException {
        return next.fromPayloads(index, content, valueType, valueGenericType);
    }

    @Override
    public RuntimeException failureToException(Failure failure) {
        return next.failureToException(failure);
    }

    /** The failure as the default converter builds it (details through {@link #toPayloads}), then redacted. */
    @Override
    public Failure exceptionToFailure(Throwable throwable) {
        return redact(DataConverter.super.exceptionToFailure(throwable));
    }

    @Override
    public DataConverter withContext(SerializationContext context) {
        return new RedactingDataConverter(next.withContext(context), secrets);
    }

    private Failure redact(Failure failure) {
        Failure.Builder redacted = failure.toBuilder()
                .setMessage(secrets.redact(failure.getMessage()))
                .setStackTrace(secrets.redact(failure.getStackTrace()));
        if (failure.hasCause()) {
            redacted.setCause(redact(failure.getCause()));
        }
        if (failure.hasEncodedAttributes()) {
            redacted.setEncodedAttributes(redact(failure.getEncodedAttributes()));
        }
        return redacted.build();
    }

    private Payload redact(Payload payload) {
        if (!JSON.equals(payload.getMetadataOrDefault(EncodingKeys.METADATA_ENCODING_KEY, ByteString.EMPTY))) {
            return payload;
        }
        String text = payload.getData().toString(StandardCharsets.UTF_8);
        String redacted = secrets.redactJson(text);
        return redacted.equals(text)
                ? payload
                : payload.toBuilder()
                        .setData(ByteString.copyFrom(redacted, StandardCharsets.UTF_8))
                        .build();
    }
}
