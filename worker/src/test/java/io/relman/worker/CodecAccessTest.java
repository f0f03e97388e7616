package io.relman.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.relman.temporal.client.PayloadEncryption;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * POST /codec/decode decrypts every payload: only for a caller with the worker's codec token (401 without)
 * who names the worker by a Host it answers to (403 for any other, as a DNS-rebinding page does).
 */
class CodecAccessTest {
    private static final String TOKEN = "s3cret-codec-token-0123456789";
    private static final int PORT = 8086;
    private static final String PLAIN = "{\"healthyAfterMillis\":42}";

    @TempDir
    Path dir;

    private PayloadEncryption encryption;
    private String encrypted;

    @BeforeEach
    void encryptAPayload() throws Exception {
        Path keys = dir.resolve("codec.keys");
        byte[] key = new byte[32];
        key[0] = 7;
        Files.writeString(keys, "20261206 " + Base64.getEncoder().encodeToString(key) + "\n");
        encryption = PayloadEncryption.readKeys(keys);
        Payload plain = Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFromUtf8(PLAIN))
                .build();
        encrypted = JsonFormat.printer()
                .print(Payloads.newBuilder()
                        .addAllPayloads(encryption.encode(List.of(plain)))
                        .build());
    }

    @Test
    void withoutTheTokenTheEndpointAnswers401() throws Exception {
        mvc(Optional.of(TOKEN), List.of())
                .perform(decode("/codec/decode", "127.0.0.1:" + PORT))
                .andExpect(status().isUnauthorized());
        mvc(Optional.of(TOKEN), List.of())
                .perform(decode("/codec/decode", "127.0.0.1:" + PORT).header("Authorization", "Bearer wrong"))
                .andExpect(status().isUnauthorized());
        mvc(Optional.of(TOKEN), List.of())
                .perform(decode("/codec/wrong/decode", "localhost:" + PORT))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aWorkerWithoutATokenRefusesEveryone() throws Exception {
        mvc(Optional.empty(), List.of())
                .perform(decode("/codec/decode", "127.0.0.1:" + PORT).header("Authorization", "Bearer " + TOKEN))
                .andExpect(status().isUnauthorized())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("RELMAN_CODEC_TOKEN")));
    }

    @Test
    void aHostTheWorkerDoesNotAnswerToIs403EvenWithTheToken() throws Exception {
        for (String host : List.of("rebind.attacker.example:" + PORT, "127.0.0.1:9999", "127.0.0.1")) {
            mvc(Optional.of(TOKEN), List.of("codec.example.com"))
                    .perform(decode("/codec/decode", host).header("Authorization", "Bearer " + TOKEN))
                    .andExpect(status().isForbidden());
        }
    }

    @Test
    void withTheTokenAndALoopbackHostItDecrypts() throws Exception {
        mvc(Optional.of(TOKEN), List.of())
                .perform(decode("/codec/decode", "127.0.0.1:" + PORT).header("Authorization", "Bearer " + TOKEN))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(plainData())));
    }

    @Test
    void theDevServersWebUiPassesTheTokenInTheEndpointsPath() throws Exception {
        mvc(Optional.of(TOKEN), List.of())
                .perform(decode("/codec/" + TOKEN + "/decode", "localhost:" + PORT))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(plainData())));
    }

    @Test
    void aUiBehindALoginPassesItsOwnBearerAndRelmansTokenInThePath() throws Exception {
        mvc(Optional.of(TOKEN), List.of())
                .perform(decode("/codec/" + TOKEN + "/decode", "localhost:" + PORT)
                        .header("Authorization", "Bearer the-ui-users-access-token"))
                .andExpect(status().isOk());
        mvc(Optional.of(TOKEN), List.of())
                .perform(decode("/codec/not-" + TOKEN + "/decode", "localhost:" + PORT)
                        .header("Authorization", "Bearer the-ui-users-access-token"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aConfiguredNameIsAnsweredOnAnyPort() throws Exception {
        mvc(Optional.of(TOKEN), List.of("codec.example.com"))
                .perform(decode("/codec/decode", "Codec.Example.com:443").header("Authorization", "bearer " + TOKEN))
                .andExpect(status().isOk());
    }

    @Test
    void aCorsPreflightPassesWithoutTheTokenButNotFromAnotherHost() throws Exception {
        var filter = new CodecAccessFilter(Optional.of(TOKEN), "RELMAN_CODEC_TOKEN", List.of());
        for (String host : List.of("127.0.0.1:" + PORT, "rebind.attacker.example:" + PORT)) {
            MockHttpServletRequest preflight = new MockHttpServletRequest("OPTIONS", "/codec/decode");
            preflight.addHeader("Host", host);
            preflight.setLocalPort(PORT);
            preflight.addHeader("Origin", "http://127.0.0.1:8233");
            preflight.addHeader("Access-Control-Request-Method", "POST");
            MockHttpServletResponse response = new MockHttpServletResponse();
            MockFilterChain chain = new MockFilterChain();
            filter.doFilter(preflight, response, chain);
            assertThat(chain.getRequest() != null).isEqualTo(host.startsWith("127.0.0.1"));
        }
    }

    private MockMvc mvc(Optional<String> token, List<String> allowedHosts) {
        return MockMvcBuilders.standaloneSetup(new CodecEndpoint(Optional.of(encryption), List.of()))
                .addFilters(new CodecAccessFilter(token, "RELMAN_CODEC_TOKEN", allowedHosts))
                .build();
    }

    private MockHttpServletRequestBuilder decode(String path, String host) {
        return post(path)
                .header("Host", host)
                .with(request -> {
                    request.setLocalPort(PORT);
                    return request;
                })
                .contentType(MediaType.APPLICATION_JSON)
                .content(encrypted);
    }

    /** The plain payload's data as protobuf's JSON shows it (base64). */
    private static String plainData() {
        return Base64.getEncoder().encodeToString(PLAIN.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
