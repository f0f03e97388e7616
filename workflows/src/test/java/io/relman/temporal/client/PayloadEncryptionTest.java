package io.relman.temporal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadEncryptionTest {
    private static final String OLD_KEY = "2026a " + Base64.getEncoder().encodeToString(new byte[32]);
    private static final String NEW_KEY =
            "2026b " + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @TempDir
    Path dir;

    private PayloadEncryption keys(String... lines) throws Exception {
        Path file = dir.resolve("codec.keys");
        Files.write(file, List.of(lines));
        return PayloadEncryption.readKeys(file);
    }

    @Test
    void aValueGoesOutAsCiphertextWithTheKeyIdAndComesBackAsItWas() throws Exception {
        DataConverter converter = keys(OLD_KEY).around(DefaultDataConverter.newDefaultInstance());

        Payload sent = converter.toPayload("postgres://shop@shop-ci-db/shop").orElseThrow();

        assertThat(sent.getData().toStringUtf8()).doesNotContain("shop-ci-db");
        assertThat(sent.getMetadataMap().get("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
        assertThat(sent.getMetadataMap().get("encryption-key-id").toStringUtf8())
                .isEqualTo("2026a");
        assertThat(converter.fromPayload(sent, String.class, String.class))
                .isEqualTo("postgres://shop@shop-ci-db/shop");
    }

    @Test
    void afterARotationTheNewKeyEncryptsAndTheOldOneStillReadsWhatItWrote() throws Exception {
        Payload old = keys(OLD_KEY).encode(List.of(plain("v1"))).get(0);
        PayloadEncryption rotated = keys("# newest first", NEW_KEY, OLD_KEY);

        assertThat(rotated.currentKeyId()).isEqualTo("2026b");
        assertThat(rotated.decode(List.of(old))).containsExactly(plain("v1"));
        assertThat(rotated.encode(List.of(plain("v2")))
                        .get(0)
                        .getMetadataMap()
                        .get("encryption-key-id")
                        .toStringUtf8())
                .isEqualTo("2026b");
    }

    @Test
    void aPayloadOfAKeyThisRelmanLacksSaysWhichKeyToAdd() throws Exception {
        Payload sealed = keys(NEW_KEY).encode(List.of(plain("v1"))).get(0);

        assertThatThrownBy(() -> keys(OLD_KEY).decode(List.of(sealed)))
                .isInstanceOf(PayloadCodecException.class)
                .hasMessageContaining("key '2026b'")
                .hasMessageContaining("RELMAN_CODEC_KEYS_FILE");
    }

    @Test
    void alteredDataOrARelabelledKeyIdDoesNotDecrypt() throws Exception {
        PayloadEncryption encryption = keys(OLD_KEY);
        Payload sealed = encryption.encode(List.of(plain("v1"))).get(0);
        byte[] data = sealed.getData().toByteArray();
        data[data.length - 1] ^= 1;
        Payload altered = sealed.toBuilder().setData(ByteString.copyFrom(data)).build();

        assertThatThrownBy(() -> encryption.decode(List.of(altered))).isInstanceOf(PayloadCodecException.class);

        PayloadEncryption twoKeys = keys(OLD_KEY, "2026c " + OLD_KEY.substring(6));
        Payload relabelled = sealed.toBuilder()
                .putMetadata("encryption-key-id", ByteString.copyFromUtf8("2026c"))
                .build();
        assertThatThrownBy(() -> twoKeys.decode(List.of(relabelled))).isInstanceOf(PayloadCodecException.class);
    }

    @Test
    void aPayloadWrittenBeforeEncryptionPassesThrough() throws Exception {
        assertThat(keys(OLD_KEY).decode(List.of(plain("v1")))).containsExactly(plain("v1"));
    }

    @Test
    void aMalformedKeysFileNamesTheFileAndTheLine() throws Exception {
        assertThatThrownBy(() -> keys("# keys", "2026a c2hvcnQ="))
                .hasMessageContaining("codec.keys line 2")
                .hasMessageContaining("32 random bytes");
        assertThatThrownBy(() -> keys(OLD_KEY, OLD_KEY)).hasMessageContaining("line 2");
        assertThatThrownBy(() -> keys("2026a; rm -rf / " + OLD_KEY.substring(6)))
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> keys("# nothing")).hasMessageContaining("holds no key");
    }

    private static Payload plain(String text) {
        return DefaultDataConverter.newDefaultInstance().toPayload(text).orElseThrow();
    }
}
