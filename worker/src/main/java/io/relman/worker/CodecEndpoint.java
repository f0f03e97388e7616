package io.relman.worker;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.relman.temporal.client.PayloadEncryption;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Temporal's codec server protocol on the worker's port, so that the Web UI (and {@code temporal workflow
 * show --codec-endpoint}) show the encrypted payloads in clear: {@code POST /codec/decode} and {@code
 * /codec/encode} take and give {@code Payloads} in protobuf's JSON. The browser calls it from the Web UI's
 * origin, hence CORS for those origins only. Only a caller with the codec token and a Host this worker answers
 * to gets an answer (CodecAccessFilter); the token may be the path segment before decode/encode, as the
 * protocol lets an endpoint be mounted at any depth.
 */
@RestController
class CodecEndpoint implements WebMvcConfigurer {
    private final Optional<PayloadEncryption> encryption;
    private final List<String> webUiOrigins;

    CodecEndpoint(
            Optional<PayloadEncryption> encryption,
            @Value("${relman.codec.web-ui-origins}") List<String> webUiOrigins) {
        this.encryption = encryption;
        this.webUiOrigins = webUiOrigins;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/codec/**")
                .allowedOrigins(webUiOrigins.toArray(String[]::new))
                .allowedMethods("POST")
                .allowedHeaders("Content-Type", "X-Namespace", "Authorization")
                .allowCredentials(true);
    }

    @PostMapping(
            path = {"/codec/decode", "/codec/{token}/decode"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> decode(@RequestBody String payloads) {
        return apply(payloads, list -> encryption.orElseThrow().decode(list));
    }

    @PostMapping(
            path = {"/codec/encode", "/codec/{token}/encode"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> encode(@RequestBody String payloads) {
        return apply(payloads, list -> encryption.orElseThrow().encode(list));
    }

    private ResponseEntity<String> apply(String json, UnaryOperator<List<io.temporal.api.common.v1.Payload>> codec) {
        if (encryption.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body("this worker has no payload keys (relman.codec.keys-file): nothing to decode");
        }
        try {
            Payloads.Builder request = Payloads.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(json, request);
            Payloads response = Payloads.newBuilder()
                    .addAllPayloads(codec.apply(request.getPayloadsList()))
                    .build();
            return ResponseEntity.ok(JsonFormat.printer().print(response));
        } catch (InvalidProtocolBufferException | PayloadCodecException e) {
            return ResponseEntity.badRequest().body(e.getMessage());
        }
    }
}
