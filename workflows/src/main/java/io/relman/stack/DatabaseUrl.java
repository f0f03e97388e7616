package io.relman.stack;

/**
 * A PostgreSQL address an app reads from a variable such as {@code DATABASE_URL}
 * ({@code postgres://user:pass@host:port/db?sslmode=disable}), without its password: read on the worker
 * (activities' {@code DatabaseUrls}), so that the password never reaches Temporal; {@code relman init} takes
 * the app's user and database from it.
 *
 * @param variable the container's variable that holds it
 * @param user the user, or null when the URL names none
 * @param port the port, or null when the URL names none (5432)
 * @param database the database, or null when the URL names none (the user's name)
 */
public record DatabaseUrl(String variable, String user, String host, Integer port, String database) {}
