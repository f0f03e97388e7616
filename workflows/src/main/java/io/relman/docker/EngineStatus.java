package io.relman.docker;

/**
 * @param freeBytes the smaller of the free space under the engine's data directory and the backup directory
 * @param renameLeavesDnsBehind a running container renamed on this engine keeps answering to its old DNS
 *     name, after it stops too, and gets no new one ({@link #renameLeavesDnsBehind(String, boolean)}):
 *     start-first and drain-first, which rename running replicas, cannot run there
 */
public record EngineStatus(String version, String dataDir, long freeBytes, boolean renameLeavesDnsBehind) {
    /**
     * A swarm node of Docker 20 or older: measured on Docker 20.10.24 (Debian's docker.io), and not on an
     * engine that is not a swarm node. Newer engines were not measured, so they are not suspected.
     */
    public static boolean renameLeavesDnsBehind(String version, boolean swarmNode) {
        if (!swarmNode || version == null) {
            return false;
        }
        String major = version.split("\\.", 2)[0];
        return major.matches("\\d{1,4}") && Integer.parseInt(major) <= 20;
    }
}
