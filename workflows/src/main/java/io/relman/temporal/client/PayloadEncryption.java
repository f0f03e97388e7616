package io.relman.temporal.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for every payload relman sends to Temporal (inputs, results, heartbeats, summaries), so that
 * the server and whoever reads its database see ciphertext. The key id travels in the payload's metadata:
 * a new key is added second, made first once every worker has restarted with it (the worker reads the file at
 * its start, the CLI at every command: docs/payload-encryption.md), and the old ones stay below it, to read
 * the histories written with them. Payloads that are not encrypted (histories from before, other clients) pass
 * through as they are.
 *
 * <p>The keys file has one key per line, {@code KEY_ID BASE64_OF_32_BYTES}; the first encrypts, all
 * decrypt; {@code #} starts a comment. The worker and the CLI read the same file (RELMAN_CODEC_KEYS_FILE).
 */
public final class PayloadEncryption implements PayloadCodec {
    static final String ENCODING = "binary/encrypted";
    static final String KEY_ID = "encryption-key-id";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern KEY_LINE = Pattern.compile("([A-Za-z0-9._-]{1,64})\\s+(\\S+)");

    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keys;
    private final SecureRandom nonces = new SecureRandom();

    /** {@code keys} in order: the first encrypts. */
    PayloadEncryption(Map<String, byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key");
        }
        Map<String, SecretKeySpec> specs = new LinkedHashMap<>();
        keys.forEach((id, key) -> specs.put(id, new SecretKeySpec(key, "AES")));
        this.keys = Collections.unmodifiableMap(specs);
        this.currentKeyId = specs.keySet().iterator().next();
    }

    /**
     * The keys of {@code file}; an unreadable file or a malformed line is an IllegalArgumentException that
     * names the file, the line and the fix.
     */
    public static PayloadEncryption readKeys(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the payload keys file " + file + ": " + e.getMessage(), e);
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            var matcher = KEY_LINE.matcher(line);
            byte[] key = null;
            if (matcher.matches()) {
                try {
                    key = Base64.getDecoder().decode(matcher.group(2));
                } catch (IllegalArgumentException notBase64) {
                    key = null;
                }
            }
            if (key == null || key.length != 32 || keys.containsKey(matcher.group(1))) {
                throw new IllegalArgumentException(file + " line " + (i + 1)
                        + ": expected 'KEY_ID BASE64_KEY' with a new id (letters, digits, . _ -) and 32 random"
                        + " bytes in base64, e.g. the output of: echo \"$(date +%Y%m%d) $(head -c 32 /dev/urandom"
                        + " | base64)\"");
            }
            keys.put(matcher.group(1), key);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no key: add a line 'KEY_ID BASE64_KEY'");
        }
        return new PayloadEncryption(keys);
    }

    /** The id of the key that encrypts. */
    public String currentKeyId() {
        return currentKeyId;
    }

    /** The ids of every key, the encrypting one first. */
    public List<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    /** {@code converter}'s payloads, encrypted on the way out and decrypted on the way in. */
    public DataConverter around(DataConverter converter) {
        return new CodecDataConverter(converter, List.of(this));
    }

    @Override
    public List<Payload> encode(List<Payload> payloads) {
        return payloads.stream().map(this::encrypt).toList();
    }

    @Override
    public List<Payload> decode(List<Payload> payloads) {
        return payloads.stream().map(this::decrypt).toList();
    }

    private Payload encrypt(Payload payload) {
        byte[] nonce = new byte[NONCE_BYTES];
        nonces.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, currentKeyId, nonce, payload.toByteArray(), 0);
        return Payload.newBuilder()
                .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ByteString.copyFromUtf8(ENCODING))
                .putMetadata(KEY_ID, ByteString.copyFromUtf8(currentKeyId))
                .setData(ByteString.copyFrom(nonce).concat(ByteString.copyFrom(sealed)))
                .build();
    }

    private Payload decrypt(Payload payload) {
        ByteString encoding = payload.getMetadataOrDefault(EncodingKeys.METADATA_ENCODING_KEY, ByteString.EMPTY);
        if (!encoding.toStringUtf8().equals(ENCODING)) {
            return payload;
        }
        String keyId = payload.getMetadataOrDefault(KEY_ID, ByteString.EMPTY).toStringUtf8();
        if (!keys.containsKey(keyId)) {
            throw new PayloadCodecException("a payload is encrypted with key '" + keyId + "', which is not in this"
                    + " relman's keys file (RELMAN_CODEC_KEYS_FILE, --codec-keys): add that key's line below the"
                    + " current one");
        }
        byte[] data = payload.getData().toByteArray();
        if (data.length <= NONCE_BYTES) {
            throw new PayloadCodecException("an encrypted payload of key '" + keyId + "' is truncated");
        }
        byte[] plain = crypt(Cipher.DECRYPT_MODE, keyId, data, data, NONCE_BYTES);
        try {
            return Payload.parseFrom(plain);
        } catch (InvalidProtocolBufferException e) {
            throw new PayloadCodecException(e);
        }
    }

    /** AES-GCM over {@code input} from {@code offset}, with the first NONCE_BYTES of {@code nonce}. */
    private byte[] crypt(int mode, String keyId, byte[] nonce, byte[] input, int offset) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, keys.get(keyId), new GCMParameterSpec(TAG_BITS, nonce, 0, NONCE_BYTES));
            // The key id is authenticated too: a payload relabelled with another key's id fails.
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input, offset, input.length - offset);
        } catch (GeneralSecurityException e) {
            throw new PayloadCodecException(
                    mode == Cipher.DECRYPT_MODE
                            ? "a payload of key '" + keyId + "' does not decrypt with this relman's key of that"
                                    + " id (another key under the same id, or altered data)"
                            : "cannot encrypt a payload: " + e.getMessage(),
                    e);
        }
    }
}
