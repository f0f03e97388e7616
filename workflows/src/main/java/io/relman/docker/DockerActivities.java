package io.relman.docker;

import io.relman.plan.Host;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/** Docker engine operations. Each one is idempotent: a retry or a second worker finds the work done. */
@ActivityInterface(namePrefix = "Docker")
public interface DockerActivities {

    /** Builds and tags an image from a build context on the worker's host; heartbeats while building. */
    BuiltImage buildImage(ImageBuildRequest request);

    /**
     * Checks that the engine answers and that there is room for a release; fails without retry when
     * there is not (type {@code PreflightFailed}).
     */
    EngineStatus checkEngine(EngineCheck request);

    /** The id of the image with this tag on the worker's engine, or null when there is none. */
    String imageId(Host host, String tag);

    /** Names of the running containers that relman created for one service of one environment. */
    List<String> runningReplicas(ReplicaSelector selector);

    /**
     * The containers the plan names as replicas, one state each, in the query's order, whoever made them:
     * what the pre-flight checks and what the stack is compared by.
     */
    List<ReplicaState> inspectReplicas(ReplicaQuery query);

    /**
     * Removes the kept old container ({@code NAME-previous}) of each replica in the query that docker compose
     * made, when it is stopped; returns the names removed. relman's own kept containers stay.
     */
    List<String> removeKeptComposeCopies(ReplicaQuery replicas);

    /** Every replica (running or not, kept ones excepted) of one service, with the release it runs. */
    List<CurrentReplica> currentReplicas(ReplicaSelector selector);

    /**
     * Stops a replica with its grace period and keeps it, renamed, for rollback. Does nothing when the
     * container is absent or was created by this very release step.
     */
    KeptReplica stopAndKeep(StopReplicaRequest request);

    /**
     * Start-first: renames a running replica to its kept name and leaves it running and serving, so that
     * its replacement can take the name. Does nothing when the container is absent or was created by
     * this very release step; fails without retry when it publishes a host port.
     */
    KeptReplica setAside(StopReplicaRequest request);

    /** Start-first, once the replacement serves: stops the kept old replica with its grace period. */
    void stopKept(StopReplicaRequest request);

    /**
     * Creates and starts a replica: from the kept container's full configuration when there is one,
     * from the plan otherwise. Finds the container of an earlier attempt of the same step and reuses it.
     */
    ReplicaContainer createReplica(CreateReplicaRequest request);

    /**
     * Undoes {@link #stopAndKeep} and {@link #createReplica} of one release step: removes the new
     * container and starts the kept one under its name again. Whatever part is already undone is skipped.
     */
    RestoredReplica restoreReplica(RestoreReplicaRequest request);
}
