package io.relman.temporal.client;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How relman proves itself to a Temporal cluster that asks (a self-hosted one with mTLS, Temporal Cloud):
 * a client certificate and its key, the CA that signed the server's certificate, an API key. The CLI and
 * the worker apply the same settings; none set means a plain connection, as to the dev server.
 *
 * @param certificate PEM client certificate chain, or null
 * @param key its PKCS#8 PEM private key, or null
 * @param certificateAuthority PEM CA certificates to trust for the server, or null for the JVM's own
 * @param apiKey sent as {@code Authorization: Bearer KEY}, or null; the connection then uses TLS
 */
public record TemporalCredentials(String certificate, String key, String certificateAuthority, String apiKey) {
    public TemporalCredentials {
        certificate = blankToNull(certificate);
        key = blankToNull(key);
        certificateAuthority = blankToNull(certificateAuthority);
        apiKey = blankToNull(apiKey);
    }

    /** Whether any setting asks for TLS. */
    public boolean secure() {
        return certificate != null || key != null || certificateAuthority != null || apiKey != null;
    }

    /**
     * The problem with the settings, for a person to fix, or null: a certificate needs its key, and every
     * file must be readable.
     */
    public String problem() {
        if ((certificate == null) != (key == null)) {
            return "a client certificate needs its key and the key its certificate: give both --tls-cert and"
                    + " --tls-key (RELMAN_TLS_CERT, RELMAN_TLS_KEY)";
        }
        for (String file : new String[] {certificate, key, certificateAuthority}) {
            if (file != null && !new File(file).canRead()) {
                return "cannot read " + file;
            }
        }
        return null;
    }

    /** {@code options} with TLS and the API key applied, when any is set. */
    public WorkflowServiceStubsOptions.Builder applyTo(WorkflowServiceStubsOptions.Builder options) {
        if (!secure()) {
            return options;
        }
        try {
            SslContextBuilder tls = GrpcSslContexts.forClient();
            if (certificateAuthority != null) {
                tls.trustManager(new File(certificateAuthority));
            }
            if (certificate != null) {
                tls.keyManager(new File(certificate), new File(key));
            }
            options.setSslContext(tls.build());
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(
                    "cannot use the TLS files (" + e.getMessage() + "): the key must be PKCS#8 PEM"
                            + " (openssl pkcs8 -topk8 -nocrypt converts one)",
                    e instanceof IOException io ? io : new IOException(e));
        }
        if (apiKey != null) {
            options.addApiKey(() -> apiKey);
        }
        return options;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
