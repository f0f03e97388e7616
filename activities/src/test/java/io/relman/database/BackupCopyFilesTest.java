package io.relman.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.relman.database.BackupCopyFiles.CopiedFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a backup's copy off the worker consists of: data with the sha256 the dump recorded, manifest last. */
class BackupCopyFilesTest {
    private static final DatabaseFingerprint FINGERPRINT = new DatabaseFingerprint("s", Map.of("items", 3L));

    @Test
    void aCustomFormatBackupIsItsDumpThenItsManifest() {
        BackupFile backup =
                new BackupFile("shop-b1", "/backups/shop-b1.dump", 10, "d1", 5, FINGERPRINT, "shop", "dev", null, 0);

        assertThat(BackupCopyFiles.of(backup))
                .extracting(CopiedFile::local, CopiedFile::name, CopiedFile::sha256)
                .containsExactly(
                        tuple(Path.of("/backups/shop-b1.dump"), "shop-b1.dump", "d1"),
                        tuple(Path.of("/backups/shop-b1.json"), "shop-b1.json", null));
    }

    @Test
    void aDirectoryFormatBackupIsEachTablesFileUnderItsDirectoryThenItsManifest() {
        BackupFile backup = new BackupFile(
                "shop-b2",
                "/backups/shop-b2.dir",
                30,
                "all",
                5,
                FINGERPRINT,
                "shop",
                "dev",
                null,
                0,
                List.of(new BackupPart("toc.dat", 10, "t1"), new BackupPart("3001.dat.gz", 20, "p1")),
                "relman-machine-test");

        assertThat(BackupCopyFiles.of(backup))
                .extracting(CopiedFile::name, CopiedFile::sha256)
                .containsExactly(
                        tuple("shop-b2.dir/toc.dat", "t1"),
                        tuple("shop-b2.dir/3001.dat.gz", "p1"),
                        tuple("shop-b2.json", null));
        assertThat(BackupCopyFiles.namesOf("shop-old"))
                .containsExactly("shop-old.dump", "shop-old.dir", "shop-old.json");
    }
}
