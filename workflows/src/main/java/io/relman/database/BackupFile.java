package io.relman.database;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.relman.temporal.OnMachine;
import java.util.List;

/**
 * A finished backup on the worker's host, and its manifest ({@code ID.json} beside the data).
 *
 * @param path the dump (custom format) on the worker's host
 * @param sha256 of the dump's bytes, checked before every restore and by {@code relman backup verify}
 * @param fingerprint the database as it was in the snapshot the dump was taken from; a restore must give it back
 * @param database the database's name
 * @param relmanVersion the relman that took it
 * @param releaseId the workflow id of the release that took it, or null for a backup of its own
 * @param takenAtMillis when the dump's snapshot was taken
 * @param parts the files of a directory-format dump ({@code path} is the directory; {@code sha256} that of
 *     their names and checksums), or null for a custom-format dump ({@code path} is the file)
 * @param heldOn the task queue of the machine whose disk holds it (the worker that read or wrote it polls
 *     it): activities given this backup are scheduled there, so no other machine's worker looks for it;
 *     null in the histories of runs from before this was recorded
 */
public record BackupFile(
        String id,
        String path,
        long sizeBytes,
        String sha256,
        long elapsedMillis,
        DatabaseFingerprint fingerprint,
        String database,
        String relmanVersion,
        String releaseId,
        long takenAtMillis,
        List<BackupPart> parts,
        // Absent from manifests (it depends on who reads them), so that an older worker still reads them.
        @JsonInclude(JsonInclude.Include.NON_NULL) String heldOn)
        implements OnMachine {
    /** A custom-format dump: one file. */
    public BackupFile(
            String id,
            String path,
            long sizeBytes,
            String sha256,
            long elapsedMillis,
            DatabaseFingerprint fingerprint,
            String database,
            String relmanVersion,
            String releaseId,
            long takenAtMillis) {
        this(
                id,
                path,
                sizeBytes,
                sha256,
                elapsedMillis,
                fingerprint,
                database,
                relmanVersion,
                releaseId,
                takenAtMillis,
                null,
                null);
    }

    /** The same backup, held on the machine whose worker polls {@code machineQueue}. */
    public BackupFile heldOn(String machineQueue) {
        return new BackupFile(
                id,
                path,
                sizeBytes,
                sha256,
                elapsedMillis,
                fingerprint,
                database,
                relmanVersion,
                releaseId,
                takenAtMillis,
                parts,
                machineQueue);
    }

    @Override
    public String machineQueue() {
        return heldOn;
    }

    public boolean directoryFormat() {
        return parts != null;
    }
}
