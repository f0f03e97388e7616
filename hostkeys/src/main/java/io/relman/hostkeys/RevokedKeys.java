package io.relman.hostkeys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The keys a known_hosts file marks {@code @revoked}, with their line: such a key is refused for every host,
 * whatever the line's host pattern and whatever other line holds it (OpenSSH: "must not ever be accepted").
 * Read here because JSch's KnownHosts answers OK for a revoked key and matches no {@code *} pattern. The
 * caller reads the file.
 */
public final class RevokedKeys {
    private static final String MARKER = "@revoked";

    private record Revoked(byte[] key, int line) {}

    private final String file;
    private final List<Revoked> keys;

    private RevokedKeys(String file, List<Revoked> keys) {
        this.file = file;
        this.keys = keys;
    }

    /** The revoked keys of {@code lines}, the content of {@code file}. */
    public static RevokedKeys parse(String file, List<String> lines) {
        List<Revoked> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            // @revoked HOSTS TYPE KEY [COMMENT]
            String[] fields = lines.get(i).strip().split("[ \t]+");
            if (fields.length >= 4 && fields[0].equals(MARKER)) {
                try {
                    keys.add(new Revoked(Base64.getDecoder().decode(fields[3]), i + 1));
                } catch (IllegalArgumentException notBase64) {
                    // Not a key: JSch ignores the line too.
                }
            }
        }
        return new RevokedKeys(file, List.copyOf(keys));
    }

    /** {@code FILE line N} of the first line that marks {@code key} {@code @revoked}, or null. */
    public String where(byte[] key) {
        for (Revoked revoked : keys) {
            if (Arrays.equals(revoked.key(), key)) {
                return file + " line " + revoked.line();
            }
        }
        return null;
    }
}
