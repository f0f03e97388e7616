package io.relman.hostkeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Host keys as relman reports them: the fingerprints ssh-keygen -l prints, from hashed known_hosts too. */
class StrictHostKeysTest {
    /** {@code ssh-keygen -lf} of this key printed SHA256:+iMhcP0U0zCuQqrjDrHhO2zgAozaZNgkF9oQ27OWVWQ. */
    private static final String KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIEjIBge+Ld9uFSbqIHduEsfJ5E/J5L+wMHNpFoOne5uY";

    private static final String FINGERPRINT = "SHA256:+iMhcP0U0zCuQqrjDrHhO2zgAozaZNgkF9oQ27OWVWQ";

    @Test
    void fingerprintsAreWhatSshKeygenPrints() {
        assertThat(HostKeyFingerprint.of(Base64.getDecoder().decode(KEY))).isEqualTo(FINGERPRINT);
    }

    @Test
    void aHashedEntryIsFoundAndTheKeyItHoldsIsNamed() throws JSchException {
        // ssh-keyscan -H writes |1|salt|hash entries; the host name is only in the hash.
        StrictHostKeys keys = keysOf("|1|Qfe92NVkJkeP1IbPc9USuuYJgOE=|68/xNv5s3tk4RRFSUh+lI7jllA0= ssh-ed25519 " + KEY);
        String host = "[127.0.0.1]:2201";

        assertThat(keys.check(host, Base64.getDecoder().decode(KEY))).isEqualTo(StrictHostKeys.OK);
        assertThat(keys.expectedFingerprints(host)).containsExactly("ssh-ed25519 " + FINGERPRINT);
        assertThat(keys.knownTypes(host)).containsExactly("ssh-ed25519");
        assertThat(keys.expectedFingerprints("[127.0.0.1]:2202")).isEmpty();
    }

    @Test
    void anotherKeyForTheHostIsChangedAndNothingIsEverAdded() throws JSchException {
        StrictHostKeys keys = keysOf("[127.0.0.1]:2201 ssh-ed25519 " + KEY);
        byte[] other =
                Base64.getDecoder().decode("AAAAC3NzaC1lZDI1NTE5AAAAIO/AAd9XO8QWYvFYA1Q0c4veMGS4hgU2ufgkiq/s9iSC");

        assertThat(keys.check("[127.0.0.1]:2201", other)).isEqualTo(StrictHostKeys.CHANGED);
        assertThat(keys.presentedFingerprint())
                .startsWith("ssh-ed25519 SHA256:")
                .doesNotContain(FINGERPRINT);
        assertThat(keys.check("[127.0.0.1]:2202", other)).isEqualTo(StrictHostKeys.NOT_INCLUDED);
        keys.add(null, null);
        assertThat(keys.getHostKey()).hasSize(1);
    }

    @Test
    void aKeyOnAPlainLineIsAccepted() throws JSchException {
        StrictHostKeys keys = keysOf("[127.0.0.1]:2201 ssh-ed25519 " + KEY);

        assertThat(keys.check("[127.0.0.1]:2201", Base64.getDecoder().decode(KEY)))
                .isEqualTo(StrictHostKeys.OK);
        assertThat(keys.revokedAt()).isNull();
    }

    @Test
    void aRevokedKeyIsRefusedEvenWhereAPlainLineHoldsItAndItsLineIsNamed() throws JSchException {
        StrictHostKeys keys = keysOf("# relman test hosts\n"
                + "[127.0.0.1]:2201 ssh-ed25519 " + KEY + "\n"
                + "@revoked * ssh-ed25519 " + KEY + " stolen laptop\n");

        assertThat(keys.check("[127.0.0.1]:2201", Base64.getDecoder().decode(KEY)))
                .isNotEqualTo(StrictHostKeys.OK);
        assertThat(keys.verdict()).isEqualTo(StrictHostKeys.REVOKED);
        assertThat(keys.revokedAt()).isEqualTo("known_hosts line 3");
        assertThat(keys.expectedFingerprints("[127.0.0.1]:2201"))
                .as("a revoked key is not one the host is expected to present")
                .isEmpty();
    }

    @Test
    void aRevokedKeyAloneIsRefused() throws JSchException {
        StrictHostKeys keys = keysOf("@revoked [127.0.0.1]:2201 ssh-ed25519 " + KEY + "\n");

        assertThat(keys.check("[127.0.0.1]:2201", Base64.getDecoder().decode(KEY)))
                .isNotEqualTo(StrictHostKeys.OK);
        assertThat(keys.verdict()).isEqualTo(StrictHostKeys.REVOKED);
        assertThat(keys.revokedAt()).isEqualTo("known_hosts line 1");
    }

    @Test
    void aCertificateAuthorityPresentedAsThePlainHostKeyIsRefusedAndNotExpected() throws JSchException {
        StrictHostKeys keys = keysOf("@cert-authority [127.0.0.1]:2201 ssh-ed25519 " + KEY + "\n");

        assertThat(keys.check("[127.0.0.1]:2201", Base64.getDecoder().decode(KEY)))
                .isEqualTo(StrictHostKeys.NOT_INCLUDED);
        assertThat(keys.expectedFingerprints("[127.0.0.1]:2201"))
                .as("a CA signs host keys; it is not one")
                .isEmpty();
        assertThat(keys.knownTypes("[127.0.0.1]:2201")).isEmpty();
    }

    @Test
    void keyFilesAreNamedAsOpenSshNamesThem() {
        assertThat(StrictHostKeys.keyFileName("ssh-ed25519")).isEqualTo("ed25519");
        assertThat(StrictHostKeys.keyFileName("ecdsa-sha2-nistp256")).isEqualTo("ecdsa");
        assertThat(StrictHostKeys.keyFileName("ssh-rsa")).isEqualTo("rsa");
    }

    private static StrictHostKeys keysOf(String knownHosts) throws JSchException {
        JSch jsch = new JSch();
        jsch.setKnownHosts(new ByteArrayInputStream(knownHosts.getBytes(StandardCharsets.UTF_8)));
        return new StrictHostKeys(
                jsch.getHostKeyRepository(),
                RevokedKeys.parse("known_hosts", knownHosts.lines().toList()));
    }
}
