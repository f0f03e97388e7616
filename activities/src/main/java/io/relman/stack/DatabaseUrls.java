package io.relman.stack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@link DatabaseUrl}s from a container's variables, leaving their passwords behind. */
final class DatabaseUrls {
    // scheme :// [user [: password] @] host [: port] [/ database] [? query] [# fragment]; a password may hold
    // a raw @ (Go's and libpq's parsers split at the last one), so it runs to the last @ before the host.
    // mysql2 is Rails' MySQL adapter.
    private static final Pattern URL = Pattern.compile(
            "(?i:postgres|postgresql|mysql|mysql2|mariadb)://(?:([^:@/?#]*)(?::[^/?#]*)?@)?(\\[[^\\]]*]|[^:/?#@]*)"
                    + "(?::(\\d{1,5}))?(?:/([^?#]*))?(?:[?#].*)?",
            Pattern.DOTALL);
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    /** Laravel's DB_CONNECTION values whose DB_* relman init reads; other engines keep their own settings. */
    private static final Set<String> LARAVEL_CONNECTIONS = Set.of("mysql", "mariadb");

    private DatabaseUrls() {}

    /**
     * The addresses among {@code KEY=value} variables: each URL-valued one, then Laravel's {@code DB_*} set.
     * Only the value of a URL and of DB_CONNECTION, DB_HOST, DB_PORT, DB_DATABASE and DB_USERNAME is read.
     */
    static List<DatabaseUrl> in(String[] env) {
        if (env == null) {
            return List.of();
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (String entry : env) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                variables.putIfAbsent(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        List<DatabaseUrl> urls = new ArrayList<>();
        variables.forEach((variable, value) -> parse(variable, value).ifPresent(urls::add));
        laravel(variables).ifPresent(urls::add);
        return urls;
    }

    /** The address in {@code value}, when it is a PostgreSQL, MySQL or MariaDB URL with a host. */
    static Optional<DatabaseUrl> parse(String variable, String value) {
        Matcher url = URL.matcher(value.strip());
        if (!url.matches() || url.group(2).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DatabaseUrl(
                variable,
                decoded(url.group(1)),
                url.group(2),
                url.group(3) == null ? null : Integer.valueOf(url.group(3)),
                decoded(url.group(4))));
    }

    /** Laravel's DB_CONNECTION=mysql or mariadb with its DB_HOST, as one address named {@code DB_*}. */
    private static Optional<DatabaseUrl> laravel(Map<String, String> variables) {
        String connection = variables.getOrDefault("DB_CONNECTION", "").strip();
        String host = variables.getOrDefault("DB_HOST", "").strip();
        if (!LARAVEL_CONNECTIONS.contains(connection) || host.isEmpty()) {
            return Optional.empty();
        }
        String port = variables.getOrDefault("DB_PORT", "").strip();
        return Optional.of(new DatabaseUrl(
                "DB_*",
                nonBlank(variables.get("DB_USERNAME")),
                host,
                PORT.matcher(port).matches() ? Integer.valueOf(port) : null,
                nonBlank(variables.get("DB_DATABASE"))));
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String decoded(String part) {
        if (part == null || part.isEmpty()) {
            return null;
        }
        try {
            // %40 is an @ in a user name; a + stays a + (URLDecoder alone would make it a space).
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return part;
        }
    }
}
