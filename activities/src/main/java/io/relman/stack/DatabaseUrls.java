package io.relman.stack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@link DatabaseUrl} from a container's variable, leaving its password behind. */
final class DatabaseUrls {
    // scheme :// [user [: password] @] host [: port] [/ database] [? query] [# fragment]; a password may hold
    // a raw @ (Go's and libpq's parsers split at the last one), so it runs to the last @ before the host.
    private static final Pattern URL = Pattern.compile(
            "(?i:postgres|postgresql)://(?:([^:@/?#]*)(?::[^/?#]*)?@)?(\\[[^\\]]*]|[^:/?#@]*)(?::(\\d{1,5}))?"
                    + "(?:/([^?#]*))?(?:[?#].*)?",
            Pattern.DOTALL);

    private DatabaseUrls() {}

    /** The address in {@code value}, when it is a {@code postgres://} or {@code postgresql://} URL with a host. */
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
