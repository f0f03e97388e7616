package io.relman.plan;

/**
 * The stack's PostgreSQL: the container it runs in on the stack's network, the database and user,
 * and the name of the worker's environment variable that holds the password (never the password).
 */
public record Database(String container, int port, String name, String user, String passwordEnv) {
  public static final int DEFAULT_PORT = 5432;
}
