package io.relman.plan;

/**
 * The stack's PostgreSQL: the container it runs in on the stack's network, the database and user,
 * the name of the worker's environment variable that holds the password (never the password), and
 * the directory on the worker's host that its backups go to.
 */
public record Database(String container, int port, String name, String user, String passwordEnv, String backupDir) {
  public static final int DEFAULT_PORT = 5432;
  public static final String DEFAULT_BACKUP_DIR = "/var/lib/relman/backups";
}
