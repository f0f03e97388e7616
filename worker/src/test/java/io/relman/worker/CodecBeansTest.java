package io.relman.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.temporal.client.PayloadEncryption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/** The codec's beans: the access filter on /codec/* only, and the key ids a rotation checks. */
class CodecBeansTest {
    @TempDir
    Path dir;

    @Test
    void theAccessFilterGuardsTheCodecPathsWithNoNamesConfigured() {
        new WebApplicationContextRunner()
                .withInitializer(context ->
                        context.getBeanFactory().setConversionService(ApplicationConversionService.getSharedInstance()))
                .withUserConfiguration(CodecBeans.class)
                .withPropertyValues("relman.codec.token-env=RELMAN_CODEC_TOKEN", "relman.codec.allowed-hosts=")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FilterRegistrationBean.class).getUrlPatterns())
                            .containsExactly("/codec/*");
                });
    }

    @Test
    void theWorkersInfoListsItsKeyIdsTheEncryptingOneFirst() throws Exception {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        Path keys = Files.writeString(dir.resolve("codec.keys"), "20261206 " + key + "\n20261207.2 " + key + "\n");
        Info.Builder info = new Info.Builder();

        new CodecBeans()
                .codecKeysInfo(Optional.of(PayloadEncryption.readKeys(keys)))
                .contribute(info);

        assertThat(info.build().getDetails())
                .containsEntry(
                        "codec",
                        Map.of("encryptsWith", "20261206", "keyIds", java.util.List.of("20261206", "20261207.2")));
    }
}
