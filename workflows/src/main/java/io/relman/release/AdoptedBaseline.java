package io.relman.release;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.relman.docker.ReplicaState;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What ran on an environment before relman's first release there, as that release's pre-flight saw it:
 * a release relman never made, to which a rollback can go back like to any other.
 *
 * @param versions service name to the release its replicas ran: their image's tag, or the image reference
 *     when the image has none
 * @param images service name to the id of the image its replicas ran, which a rollback creates them from
 */
public record AdoptedBaseline(Map<String, String> versions, Map<String, String> images) {
    /** The version of a baseline whose services ran different tags, or an image without one. */
    public static final String MIXED_VERSION = "baseline";

    /** What docker accepts as a tag: a rollback looks the image up as {@code image:version}. */
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public AdoptedBaseline {
        versions = new TreeMap<>(versions);
        images = new TreeMap<>(images);
    }

    /**
     * The version a rollback goes back to: the tag every service ran, else {@value #MIXED_VERSION} (the
     * rollback then finds each service's image by its recorded id).
     */
    @JsonIgnore
    public String releaseVersion() {
        Set<String> distinct = new HashSet<>(versions.values());
        String only = distinct.size() == 1 ? distinct.iterator().next() : null;
        return only != null && TAG.matcher(only).matches() ? only : MIXED_VERSION;
    }

    /** {@code api 2.2.15 (0123456789ab), worker 1.0 (...)}, for the history. */
    @JsonIgnore
    public String describe() {
        return String.join(
                ", ",
                versions.entrySet().stream()
                        .map(service -> service.getKey() + " " + service.getValue() + " ("
                                + ReplicaState.shortId(images.get(service.getKey())) + ")")
                        .toList());
    }

    /**
     * What ran before a release whose pre-flight saw {@code replicasByService} (service name to the states
     * of its replicas' names), when it is a stack relman has not released yet: every service has replicas,
     * and none of them was made by relman. Null otherwise: nothing to adopt, or relman released it already.
     */
    public static AdoptedBaseline seenBefore(Map<String, List<ReplicaState>> replicasByService) {
        Map<String, String> versions = new TreeMap<>();
        Map<String, String> images = new TreeMap<>();
        for (Map.Entry<String, List<ReplicaState>> service : replicasByService.entrySet()) {
            List<ReplicaState> existing =
                    service.getValue().stream().filter(ReplicaState::exists).toList();
            if (existing.isEmpty()
                    || existing.stream().anyMatch(state -> !state.relmanLabels().isEmpty())) {
                return null;
            }
            ReplicaState first = existing.get(0);
            versions.put(service.getKey(), versionOf(first));
            images.put(service.getKey(), first.imageId());
        }
        return versions.isEmpty() ? null : new AdoptedBaseline(versions, images);
    }

    /** Its tag, as the pre-flight found it; an untagged image is known by its reference. */
    private static String versionOf(ReplicaState replica) {
        if (!ReplicaState.UNKNOWN_VERSION.equals(replica.version())) {
            return replica.version();
        }
        return replica.image() != null ? replica.image() : replica.imageId();
    }
}
