package io.relman.hostkeys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** A host key's fingerprint as {@code ssh-keygen -l} prints it, for the worker's refusals and the CLI's trust. */
public final class HostKeyFingerprint {
    private HostKeyFingerprint() {}

    /** {@code SHA256:} and the base64 of the key blob's SHA-256, without padding. */
    public static String of(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
