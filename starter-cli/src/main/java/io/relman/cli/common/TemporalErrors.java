package io.relman.cli.common;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.common.converter.DataConverterException;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.Optional;

/**
 * What an error from Temporal means to whoever ran the command: one sentence and the exit code scripts
 * see ({@link ExitCode#UNREACHABLE}), instead of a stack trace and an exit code that says the plan was wrong.
 */
public final class TemporalErrors {
    private TemporalErrors() {}

    /** The gRPC status somewhere in {@code failure}'s causes, if Temporal (or the way to it) produced it. */
    public static Optional<StatusRuntimeException> statusOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException status) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /**
     * Why a payload from Temporal could not be read, if that is what {@code failure} is: encrypted with a key
     * this CLI was not given (or not encrypted as it expects).
     */
    public static Optional<String> unreadablePayload(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadCodecException codec) {
                return Optional.of("cannot read what the worker sent through Temporal: " + codec.getMessage()
                        + ". The CLI needs the worker's keys file (--codec-keys, RELMAN_CODEC_KEYS_FILE).");
            }
            if (cause instanceof DataConverterException
                    && String.valueOf(cause.getMessage()).contains("binary/encrypted")) {
                return Optional.of("the worker encrypts what it sends through Temporal and this CLI has no key:"
                        + " give it the worker's keys file (--codec-keys FILE or RELMAN_CODEC_KEYS_FILE; bin/relman"
                        + " passes the checkout's .relman/codec.keys).");
            }
        }
        return Optional.empty();
    }

    /** The sentence for a request Temporal refused or never answered; {@code doing} says what relman was doing. */
    public static String sentence(StatusRuntimeException error, String doing) {
        Status status = error.getStatus();
        String said = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED ->
                "lost the connection to Temporal while " + doing + " (" + said + "). A release that had started goes"
                        + " on without this command: once Temporal answers again, `relman status ENV` shows it.";
            case UNAUTHENTICATED, PERMISSION_DENIED ->
                "Temporal refused relman's credentials while " + doing + " (" + said + "): check the client"
                        + " certificate (--tls-cert, --tls-key) or the API key (RELMAN_API_KEY) the server expects.";
            case INVALID_ARGUMENT ->
                said.contains("search attribute")
                        ? "the Temporal namespace lacks relman's search attributes (" + said + "); nothing was"
                                + " started. scripts/setup.sh registers them on the embedded server; on another, run"
                                + " `temporal operator search-attribute create` for Environment (Keyword), Service"
                                + " (KeywordList), ReleaseVersion (Keyword) and BackupState (Keyword)."
                        : "Temporal refused the request while " + doing + " (" + said + ").";
            default -> "Temporal refused the request while " + doing + " (" + said + ").";
        };
    }
}
