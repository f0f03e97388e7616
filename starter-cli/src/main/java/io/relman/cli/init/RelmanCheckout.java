package io.relman.cli.init;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The relman checkout this CLI runs from, where {@code docs/plan.schema.json} is: {@code RELMAN_HOME} when
 * set, else the directory above the CLI's jar (or classes) that holds {@code bin/relman}, else the current
 * directory.
 */
public final class RelmanCheckout {
    private RelmanCheckout() {}

    /** {@code file:///.../docs/plan.schema.json}, for a plan's {@code yaml-language-server} comment. */
    public static String schemaUri() {
        return home(System.getenv(), codeLocation())
                .resolve("docs/plan.schema.json")
                .toUri()
                .toString();
    }

    static Path home(Map<String, String> environment, Optional<Path> code) {
        String named = environment.get("RELMAN_HOME");
        if (named != null && !named.isBlank()) {
            return Path.of(named).toAbsolutePath().normalize();
        }
        for (Path dir = code.orElse(null); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/relman"))) {
                return dir;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    private static Optional<Path> codeLocation() {
        try {
            return Optional.of(Path.of(RelmanCheckout.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toAbsolutePath());
        } catch (URISyntaxException | RuntimeException unknown) {
            return Optional.empty();
        }
    }
}
