package io.relman.plan;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as a plan writes them: {@code 500MB}, {@code 2GB}. */
public final class Sizes {
    /** What a plan is told when a size cannot be read. */
    public static final String PROBLEM = "must be a size such as 500MB or 2GB";

    private static final Pattern SIZE = Pattern.compile("(\\d{1,6})(MB|GB)");

    private Sizes() {}

    /** The number of bytes {@code text} names, or empty when it is not a size. */
    public static Optional<Long> parse(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(m.group(1)) << (m.group(2).equals("GB") ? 30 : 20));
    }
}
