package io.relman.stack;

/**
 * A database address an app reads from a variable such as {@code DATABASE_URL}
 * ({@code postgres://user:pass@host:port/db?sslmode=disable}, {@code mysql://user:pass@host/db}) or from
 * Laravel's {@code DB_HOST}, {@code DB_PORT}, {@code DB_DATABASE} and {@code DB_USERNAME}, without its
 * password: read on the worker (activities' {@code DatabaseUrls}), so that the password never reaches
 * Temporal; {@code relman init} takes the app's user and database from it.
 *
 * @param variable the container's variable that holds it, {@code DB_*} for Laravel's
 * @param user the user, or null when the URL names none
 * @param port the port, or null when the URL names none (the engine's default)
 * @param database the database, or null when the URL names none (PostgreSQL: the user's name)
 */
public record DatabaseUrl(String variable, String user, String host, Integer port, String database) {}
