package io.relman.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI refuses, with the file and line, a name that would climb out of backup_dir and a retention that
 * would delete every backup (the worker refuses them too: PlanAccessActivitiesImpl).
 */
@Timeout(10)
class PathNamesTest {
    @TempDir
    Path dir;

    private void refused(String line, String replacement, String expected) throws IOException {
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/Dockerfile"), "FROM scratch\n");
        Path file = Files.writeString(dir.resolve("relman.yml"), PlanLoaderTest.VALID.replace(line, replacement));

        assertThatThrownBy(() -> PlanLoader.load(file))
                .isInstanceOfSatisfying(
                        PlanException.class, e -> assertThat(e.problems()).containsExactly(expected));
    }

    @Test
    void aProjectThatClimbsOutOfBackupDirIsRefusedWithItsLine() throws IOException {
        refused(
                "project: shop",
                "project: ../../../srv/x",
                "project: must be lowercase letters, digits and dashes, e.g. shop (relman.yml:1)");
    }

    @Test
    void aNegativeKeepLastIsRefusedWithItsLine() throws IOException {
        refused(
                "      password_env: SHOP_DB_PASSWORD",
                "      password_env: SHOP_DB_PASSWORD\n      backup: {keep_last: -1}",
                "environments/demo/database/backup/keep_last: must be a whole number from 1 to 10000 (relman.yml:14)");
    }
}
