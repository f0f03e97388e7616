package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.BuiltImage;
import io.relman.docker.ContainerNames;
import io.relman.docker.DockerActivities;
import io.relman.docker.ImageBuildRequest;
import io.relman.docker.ReplicaState;
import io.relman.plan.Build;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.temporal.FailureType;
import io.relman.temporal.RelmanActivityOptions;
import java.util.HashMap;
import java.util.Map;

/** The build step: each service's image of the release, built from its Dockerfile, or (a rollback) found. */
final class Images {
    private final Release release;

    Images(Release release) {
        this.release = release;
    }

    /** Builds each service's image; one built elsewhere was found by the pre-flight. */
    void build() {
        for (Service service : release.plan.services()) {
            if (service.build() != null) {
                release.images.put(service.name(), build(service).imageId());
            }
        }
    }

    /**
     * A rollback builds nothing: the earlier release's images must still be on the worker's engine. The
     * image is the one relman recorded for that release ({@code recorded}, service to image id): a tag
     * pointed at another image since (a rebuild, a pull) does not change what the rollback runs.
     */
    void findExisting(Map<String, String> recorded) {
        for (Service service : release.plan.services()) {
            String tag = service.imageAt(release.version());
            DockerActivities docker = stub(DockerActivities.class, RelmanActivityOptions.quick(), "find image " + tag);
            String id = docker.imageId(release.host(), tag);
            String wanted = recorded == null ? null : recorded.get(service.name());
            if (wanted != null && !wanted.equals(id)) {
                String was = id == null ? "is gone" : "names " + ReplicaState.shortId(id) + " now";
                if (docker.imageId(release.host(), wanted) == null) {
                    throw FailureType.ROLLBACK_IMPOSSIBLE.failure(tag + " " + was + ", and the image "
                            + release.version() + " went out with (" + ReplicaState.shortId(wanted) + ") is no"
                            + " longer on the worker's docker engine; deploy " + release.version() + " instead (it"
                            + " builds the image). Nothing was changed.");
                }
                release.progress.report(
                        ReleaseStep.BUILD,
                        service.name(),
                        tag + " " + was + "; using " + ReplicaState.shortId(wanted) + ", the image " + release.version()
                                + " went out with");
                release.createFrom.put(service.name(), wanted);
                release.images.put(service.name(), wanted);
                continue;
            }
            if (id == null) {
                throw FailureType.ROLLBACK_IMPOSSIBLE.failure("the image " + tag + " is no longer on the worker's"
                        + " docker engine; deploy " + release.version() + " instead (it builds the image). Nothing"
                        + " was changed.");
            }
            release.progress.reportOnce(
                    ReleaseStep.BUILD, service.name(), tag + " is there (" + ReplicaState.shortId(id) + ")");
            release.images.put(service.name(), id);
        }
    }

    private BuiltImage build(Service service) {
        String version = release.version();
        String tag = service.imageAt(version);
        release.progress.report(ReleaseStep.BUILD, service.name(), "building " + tag);
        Build build = service.build();
        Map<String, String> args = new HashMap<>();
        build.args().forEach((name, value) -> args.put(name, value.replace(Build.VERSION_PLACEHOLDER, version)));
        BuiltImage image = stub(DockerActivities.class, RelmanActivityOptions.build(), "build " + tag)
                .buildImage(new ImageBuildRequest(
                        release.host(),
                        tag,
                        build.context(),
                        build.dockerfile(),
                        args,
                        Map.of(
                                ContainerNames.LABEL_PROJECT,
                                release.plan.project(),
                                ContainerNames.LABEL_VERSION,
                                version)));
        release.progress.report(
                ReleaseStep.BUILD, service.name(), "built " + tag + " (" + ReplicaState.shortId(image.imageId()) + ")");
        return image;
    }
}
