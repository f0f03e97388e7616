package io.relman.backup;

/**
 * One backup as {@code relman backup list} shows it.
 *
 * @param checksum "not read" (list), "whole" or what is wrong with its data (verify)
 * @param lastDrill the newest drill of this backup, or null
 * @param usedBy the releases that took or relied on it, or null
 */
public record BackupEntry(
        String id,
        long finishedAtMillis,
        long sizeBytes,
        String sha256,
        String releaseId,
        String checksum,
        DrillRecord lastDrill,
        String usedBy) {
    public static final String NOT_READ = "not read";
    public static final String WHOLE = "whole";

    /** Whether verify found its data missing or altered ({@code checksum} then says what). */
    public boolean damaged() {
        return !checksum.equals(WHOLE) && !checksum.equals(NOT_READ);
    }
}
