package io.relman.plan;

import java.util.List;

/**
 * The app's own migration commands (argv, run in a one-off container of the new image). Arguments
 * may contain {@code {version}}, the release being deployed, and {@code {previous_version}}, the
 * release running before it: a down command needs it to know which revision to go back to.
 */
public record Migration(List<String> up, List<String> down) {
    public static final String PREVIOUS_VERSION_PLACEHOLDER = "{previous_version}";

    public Migration {
        up = up == null ? List.of() : List.copyOf(up);
        down = down == null ? List.of() : List.copyOf(down);
    }

    public List<String> upCommand(String version, String previousVersion) {
        return resolve(up, version, previousVersion);
    }

    public List<String> downCommand(String version, String previousVersion) {
        return resolve(down, version, previousVersion);
    }

    /** Whether the down command needs to know the release before, which a first deploy does not have. */
    public boolean downNeedsPreviousVersion() {
        return down.stream().anyMatch(arg -> arg.contains(PREVIOUS_VERSION_PLACEHOLDER));
    }

    private static List<String> resolve(List<String> argv, String version, String previousVersion) {
        return argv.stream()
                .map(arg -> arg.replace(Build.VERSION_PLACEHOLDER, version)
                        .replace(PREVIOUS_VERSION_PLACEHOLDER, previousVersion == null ? "" : previousVersion))
                .toList();
    }
}
