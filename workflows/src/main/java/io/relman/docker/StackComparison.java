package io.relman.docker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack compared with what it should be, replica by replica (name, image, running): after an undo,
 * with what the pre-flight saw; after a release, with what the plan asked for. An empty list is the only
 * ground for saying the stack is where it should be.
 */
public final class StackComparison {
    private StackComparison() {}

    /** How {@code after} differs from {@code before}, in words; empty when every replica is as it was. */
    public static List<String> sinceBefore(List<ReplicaState> before, List<ReplicaState> after) {
        Map<String, ReplicaState> now = byName(after);
        List<String> differences = new ArrayList<>();
        for (ReplicaState then : before) {
            ReplicaState current = now.getOrDefault(then.container(), ReplicaState.absent(then.container()));
            if (then.exists() && !current.exists()) {
                differences.add(then.container() + " is gone; it ran " + then.image() + " before");
            } else if (!then.exists() && current.exists()) {
                differences.add(then.container() + " exists now (" + current.image() + "); it did not before");
            } else if (then.exists()) {
                if (!then.imageId().equals(current.imageId())) {
                    differences.add(then.container() + " runs " + current.image() + " (" + current.shortImageId()
                            + ") now; before it ran " + then.image() + " (" + then.shortImageId() + ")");
                }
                if (then.running() != current.running()) {
                    differences.add(then.container()
                            + (current.running()
                                    ? " is running now; it was stopped before"
                                    : " is stopped now; it was running before"));
                }
            }
        }
        return differences;
    }

    /**
     * How {@code after} differs from what a release asked for: every replica in {@code wanted} (name to
     * the id of the image it should run) exists, runs, and runs that image.
     */
    public static List<String> fromWanted(Map<String, String> wanted, List<ReplicaState> after) {
        Map<String, ReplicaState> now = byName(after);
        List<String> differences = new ArrayList<>();
        wanted.forEach((container, imageId) -> {
            ReplicaState current = now.getOrDefault(container, ReplicaState.absent(container));
            if (!current.exists()) {
                differences.add(container + " does not exist");
            } else if (!current.running()) {
                differences.add(container + " is not running");
            } else if (!imageId.equals(current.imageId())) {
                differences.add(container + " runs " + current.image() + " (" + current.shortImageId() + "), not the"
                        + " release's image (" + ReplicaState.shortId(imageId) + ")");
            }
        });
        return differences;
    }

    private static Map<String, ReplicaState> byName(List<ReplicaState> states) {
        Map<String, ReplicaState> byName = new LinkedHashMap<>();
        states.forEach(state -> byName.put(state.container(), state));
        return byName;
    }
}
