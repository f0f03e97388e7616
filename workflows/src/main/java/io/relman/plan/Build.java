package io.relman.plan;

import java.util.Map;

/**
 * How to build a service's image. {@code args} values may contain {@code {version}}.
 *
 * @param context absolute path of the build context on the worker's host
 * @param dockerfile path of the Dockerfile, relative to the context
 */
public record Build(String context, String dockerfile, Map<String, String> args) {
    public static final String DEFAULT_DOCKERFILE = "Dockerfile";
    public static final String VERSION_PLACEHOLDER = "{version}";

    public Build {
        args = args == null ? Map.of() : Map.copyOf(args);
    }
}
