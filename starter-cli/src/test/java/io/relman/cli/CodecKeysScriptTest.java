package io.relman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.temporal.client.PayloadEncryption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/codec.sh, which rotates the payload keys in the order that cannot stall a release: a new key
 * goes second (it decrypts once the workers restart, nothing encrypts with it), and becomes first only when
 * asked, after the workers report it; a second rotation on the same day gets an id of its own.
 */
@Timeout(20)
class CodecKeysScriptTest {
    private static final String TODAY = LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);

    @TempDir
    Path state;

    @Test
    void aNewKeyGoesSecondSoThatTheKeyThatEncryptsStaysTheSame() throws Exception {
        Path keys = state.resolve("codec.keys");
        Files.writeString(keys, "# relman's keys\nold " + "A".repeat(43) + "=\n");

        String added = bash("codec_key_add codec.keys");

        assertThat(added.strip()).isEqualTo(TODAY);
        PayloadEncryption encryption = PayloadEncryption.readKeys(keys);
        assertThat(encryption.currentKeyId()).isEqualTo("old");
        assertThat(encryption.keyIds()).containsExactly("old", TODAY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)))
                .isEqualTo("rw-------");
    }

    @Test
    void twoRotationsOnOneDayGetDistinctIds() throws Exception {
        String printed = bash("codec_key_add codec.keys; codec_key_add codec.keys; codec_key_add codec.keys");

        assertThat(printed.lines()).containsExactly(TODAY, TODAY + ".2", TODAY + ".3");
        // The first key of an empty file encrypts; the others wait second, newest right below it.
        assertThat(PayloadEncryption.readKeys(state.resolve("codec.keys")).keyIds())
                .containsExactly(TODAY, TODAY + ".3", TODAY + ".2");
    }

    @Test
    void promoteMakesTheKeyFirstAndKeepsTheOthers() throws Exception {
        String printed = bash("codec_key_add codec.keys >/dev/null; id=$(codec_key_add codec.keys)\n"
                + "codec_key_promote codec.keys \"$id\" && echo promoted\n"
                + "codec_key_promote codec.keys nosuchkey || echo refused");

        assertThat(printed).contains("promoted", "holds no key 'nosuchkey'", "refused");
        assertThat(PayloadEncryption.readKeys(state.resolve("codec.keys")).keyIds())
                .containsExactly(TODAY + ".2", TODAY);
    }

    @Test
    void theWorkersInfoSaysWhetherItHoldsAKey() throws Exception {
        String info = "{\"codec\":{\"encryptsWith\":\"20261206\",\"keyIds\":[\"20261206\",\"20261207.2\"]}}";
        String printed = bash(
                "for id in 20261207.2 20261207 2026; do echo '" + info + "' | codec_info_holds_key"
                        + " \"$id\" && echo \"$id yes\" || echo \"$id no\"; done; echo '{}' | codec_info_holds_key 1 || echo none");

        assertThat(printed.lines()).containsExactly("20261207.2 yes", "20261207 no", "2026 no", "none");
    }

    private String bash(String commands) throws IOException, InterruptedException {
        return ScriptRunner.run("codec.sh", state, commands);
    }
}
