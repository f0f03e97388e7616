package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.nginx.LoadBalancerActivities;
import io.relman.nginx.UpstreamComparison;
import io.relman.nginx.UpstreamFile;
import io.relman.nginx.UpstreamFilesQuery;
import io.relman.plan.Host;
import io.relman.plan.LoadBalancer;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.saga.Compensations;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What relman measures, besides the engine's replicas, to say whether an undo put the stack back: nginx's
 * upstream files that relman manages (read by the pre-flight, read again after the undo) and, where the
 * migrate step ran, the database's schema (against the backup taken just before it). Only what differs
 * is reported as not undone; a stack measured as before is fully undone, whatever an undo step reported.
 */
final class UndoMeasures {
    /** Version marker: the pre-flight reads the upstream files, and the undo compares them and the schema. */
    static final String CHANGE = "release-undo-measured";

    private static final ActivityOptions UNDO_QUICK = RelmanActivityOptions.compensating(RelmanActivityOptions.quick());

    private final Release release;
    private boolean measured;
    /**
     * The upstream files as the pre-flight read them: path to text, null for a file that did not exist;
     * null until read (a run that failed before then changed no file).
     */
    private Map<String, String> upstreamsBefore;

    private String comparedWith;

    UndoMeasures(Release release) {
        this.release = release;
    }

    /** In the pre-flight, before anything changes: the upstream files relman may write, as they are. */
    void recordBefore() {
        measured = release.versions.migrationPerRun() && Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
        if (measured && !upstreamFiles().isEmpty()) {
            upstreamsBefore = byPath(read(RelmanActivityOptions.quick(), "read nginx's upstream files"));
        }
    }

    /** After the undo: how the upstream files and the schema differ from before the release, one line each. */
    List<String> sinceBefore() {
        if (!measured) {
            return List.of();
        }
        List<String> compared = new ArrayList<>(List.of("the engine"));
        List<String> differences = new ArrayList<>();
        if (upstreamsBefore != null) {
            compared.add("nginx's upstream files");
            differences.addAll(upstreamsSinceBefore());
        }
        boolean migrated = release.compensations.ran().stream().anyMatch(undo -> undo.step() == ReleaseStep.MIGRATE);
        boolean schemaKnown = release.backup != null && release.backup.fingerprint() != null;
        if (migrated && schemaKnown) {
            compared.add("the database's schema");
            differences.addAll(SchemaSinceBackup.sinceBackup(release, release.backup));
        }
        // A migrate step whose database has no fingerprint from before it: the undo was not all measured.
        comparedWith = migrated && !schemaKnown ? null : inWords(compared);
        return differences;
    }

    /**
     * What was measured after the undo, in words ("the engine, nginx's upstream files and the database's
     * schema"), or null when not all that the run changed was measured.
     */
    String comparedWith() {
        return comparedWith;
    }

    private List<String> upstreamsSinceBefore() {
        Host host = release.environment.loadBalancerHost();
        if (release.lostHosts.contains(host.name())) {
            return List.of("nginx's upstream files on " + host.name()
                    + " were not compared: the host was lost during the release");
        }
        List<UpstreamFile> now;
        try {
            now = read(UNDO_QUICK, "compare nginx's upstream files with before the release");
        } catch (TemporalFailure failure) {
            return List.of("nginx's upstream files were not compared: " + Compensations.shortMessage(failure));
        }
        List<String> differences = new ArrayList<>();
        Map<String, String> after = byPath(now);
        for (String path : upstreamFiles()) {
            differences.addAll(UpstreamComparison.differences(path, upstreamsBefore.get(path), after.get(path)));
        }
        return differences;
    }

    private List<UpstreamFile> read(ActivityOptions options, String summary) {
        LoadBalancer lb = release.environment.loadBalancer();
        return stub(LoadBalancerActivities.class, options, summary)
                .read(new UpstreamFilesQuery(release.environment.loadBalancerHost(), lb.container(), upstreamFiles()));
    }

    private static Map<String, String> byPath(List<UpstreamFile> files) {
        Map<String, String> byPath = new HashMap<>();
        files.forEach(file -> byPath.put(file.path(), file.text()));
        return byPath;
    }

    /** The files of the upstreams a rollout writes for the plan's services that take traffic, each once. */
    private List<String> upstreamFiles() {
        LoadBalancer lb = release.environment.loadBalancer();
        if (lb == null || !release.rollsOut) {
            return List.of();
        }
        LinkedHashSet<String> files = new LinkedHashSet<>();
        for (Service service : release.plan.services()) {
            if (service.servesTraffic()) {
                files.add(lb.fileOf(service.upstream()));
            }
        }
        return List.copyOf(files);
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    private static String inWords(List<String> parts) {
        return parts.size() == 1
                ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
