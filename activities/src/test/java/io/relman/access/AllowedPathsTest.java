package io.relman.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class AllowedPathsTest {
    @TempDir
    Path home;

    @Test
    void aPathUnderARootIsAllowedEvenBeforeItExists() throws Exception {
        Files.createDirectories(home.resolve("examples/shop/app"));
        AllowedPaths allowed = AllowedPaths.of(List.of(home.toString()));

        assertThat(allowed.require(home.resolve("examples/shop/app").toString(), "build.context"))
                .isEqualTo(home.resolve("examples/shop/app").toRealPath());
        assertThat(allowed.require(home + "/backups/demo", "database.backup_dir"))
                .endsWithRaw(Path.of("backups/demo"));
    }

    @Test
    void theRootOfTheHostDotDotAndALinkOutOfARootAreRefused() throws Exception {
        Path outside = Files.createDirectories(home.resolve("outside"));
        Path root = Files.createDirectories(home.resolve("stacks"));
        Files.createSymbolicLink(root.resolve("etc"), outside);
        AllowedPaths allowed = AllowedPaths.of(List.of(root.toString()));
        String realRoot = root.toRealPath().toString();

        for (String path : List.of("/", root + "/../outside", root + "/etc", root + "/etc/app")) {
            assertThatThrownBy(() -> allowed.require(path, "build.context"))
                    .as(path)
                    .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                        assertThat(failure.isNonRetryable()).isTrue();
                        assertThat(failure.getType()).isEqualTo("PathRefused");
                        assertThat(failure.getOriginalMessage())
                                .startsWith("build.context " + path)
                                .contains("is outside the directories this worker lets plans use (" + realRoot)
                                .contains("relman.paths.allowed");
                    });
        }
    }

    @Test
    void noRootConfiguredRefusesEveryPath() {
        assertThatThrownBy(() -> AllowedPaths.of(List.of("", " ")).require("/srv/app", "build.context"))
                .hasMessageContaining("(none is configured)");
    }
}
