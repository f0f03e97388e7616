package io.relman.release.saga;

import io.relman.database.BackupFile;
import io.relman.database.BackupIds;
import io.relman.docker.ContainerNames;
import io.relman.plan.Build;
import io.relman.plan.Database;
import io.relman.plan.DatabaseEngine;
import io.relman.plan.Durations;
import io.relman.plan.HookPhase;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.release.ReleaseKind;
import io.relman.release.RollbackRequest;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The steps of a release, each declared once: what a run does in it (forward, or back for a rollback),
 * what of it is undone, and how a dry run says it. The undo itself is registered by the step's room as it
 * changes something ({@link Schema}, {@link ReplicaRollout}); the other steps change nothing to undo.
 * Deploy, Migration and Rollback only give their order of them.
 */
enum Step {
    PREFLIGHT((saga, release) -> {
        saga.preflight.checkStack();
        if (saga.back == null) {
            saga.preflight.requireImagesBuiltElsewhere();
        } else {
            saga.preflight.requireRunning(saga.back.fromVersion());
        }
        saga.restoreAccess.requireIf(mayRestore(saga.back, release));
        if (release.kind != ReleaseKind.MIGRATION) { // a migration alone changes no upstream
            new OwnUpstreams(release).require();
        }
    }) {
        @Override
        void describe(ReleaseDryRun dry) {
            dry.add("pre-flight: the Docker engine answers and " + (dry.environment.minFreeDiskBytes() >> 20)
                    + " MB are free; inspect the replicas of "
                    + String.join(
                            ", ",
                            dry.plan.services().stream().map(Service::name).toList())
                    + "; refuse if one is stopped or unhealthy, or they run different releases");
        }

        @Override
        String describeBack(ReleaseDryRun dry) {
            return "pre-flight: every replica must run " + dry.from;
        }
    },
    BACKUP((saga, release) -> saga.backups.beforeRelease(mayRestore(saga.back, release))) {
        @Override
        void describe(ReleaseDryRun dry) {
            Database database = dry.environment.database();
            String file = database.backupDir() + "/" + BackupIds.prefix(dry.plan.project(), dry.environment.name())
                    + "TIME-before-" + dry.version + ".dump";
            boolean postgres = database.engine() == DatabaseEngine.POSTGRESQL;
            String dump = postgres ? "pg_dump" : "mariadb-dump";
            String restore = postgres ? "pg_restore" : "a restore";
            if (dry.plan.migrates()) {
                dry.add("back up database " + database.name() + " (" + dump + " in " + database.container() + ") to "
                        + file);
                dry.touch(database.container() + " (" + dump + "; " + restore + " only to undo a migration)");
            } else {
                dry.add("back up database " + database.name() + " to " + file + ", unless a backup in "
                        + database.backupDir() + " is younger than " + Durations.text(database.maxBackupAge()));
                dry.touch(database.container() + " (" + dump + ", if no recent backup)");
            }
        }

        @Override
        String describeBack(ReleaseDryRun dry) {
            return "back up the database";
        }
    },
    BUILD((saga, release) -> {
        if (saga.back == null) {
            saga.images.build();
        } else {
            saga.images.findExisting(saga.back.images());
        }
    }) {
        @Override
        void describe(ReleaseDryRun dry) {
            for (Service service : dry.plan.services()) {
                Build build = service.build();
                dry.add(
                        build == null
                                ? "use " + service.imageAt(dry.version)
                                        + ", built elsewhere (the pre-flight checks it is on the engine)"
                                : "build " + service.imageAt(dry.version) + " from " + build.context() + "/"
                                        + build.dockerfile());
            }
        }

        @Override
        String describeBack(ReleaseDryRun dry) {
            return "check that the images of " + dry.version + " are still on the worker's engine (nothing is built)";
        }
    },
    MIGRATE((saga, release) -> {
        if (saga.back == null) {
            saga.schema.migrateUp();
        } else {
            saga.schema.migrateBack(saga.back.fromVersion(), saga.back.restoreDatabaseFrom());
        }
        saga.hooks.runAfter(HookPhase.AFTER_MIGRATE, ReleaseStep.MIGRATE);
    }) {
        @Override
        void describe(ReleaseDryRun dry) {
            for (Service service : dry.plan.services()) {
                if (service.migration() == null) {
                    continue;
                }
                // The run's id ends the real name; a dry run has none yet.
                String container = ContainerNames.migration(
                        dry.plan.project(), dry.environment.name(), service.name(), "up", dry.version, "RUN");
                dry.add("migrate " + service.name() + " up: `"
                        + String.join(" ", service.migration().up())
                        + "` in one-off container " + container + " of " + service.imageAt(dry.version) + " "
                        + dry.migrationMadeLike(service));
                dry.touch(container + " (one-off)");
            }
        }

        @Override
        String describeBack(ReleaseDryRun dry) {
            BackupFile restoreFrom = dry.restoreFrom;
            if (restoreFrom != null) {
                return "restore " + restoreFrom.id() + " (" + restoreFrom.path() + ", taken before " + dry.from
                        + " migrated)";
            }
            return String.join(
                    "; ",
                    dry.plan.services().stream()
                            .filter(service -> service.migration() != null)
                            .map(service -> "migrate " + service.name() + " down with " + service.imageAt(dry.from)
                                    + ": `"
                                    + String.join(" ", service.migration().downCommand(dry.from, dry.version))
                                    + "` in a one-off container " + dry.migrationMadeLike(service))
                            .toList());
        }

        @Override
        String undo(ReleaseDryRun dry) {
            if (dry.back()) {
                return "the schema back";
            }
            String down = " down with the new image (in a container made the same way), or the backup restored";
            if (dry.kind == ReleaseKind.MIGRATION) {
                return "the migration is run" + down; // it is the only undo of a migration alone
            }
            return dry.plan.migrates() ? "the migration" + down : null;
        }
    },
    ROLLOUT((saga, release) -> {
        saga.rollout.replaceAll();
        saga.hooks.runAfter(HookPhase.AFTER_ROLLOUT, ReleaseStep.ROLLOUT);
    }) {
        @Override
        void describe(ReleaseDryRun dry) {
            dry.plan.services().forEach(service -> RolloutDryRun.lines(dry, service));
        }

        @Override
        String describeBack(ReleaseDryRun dry) {
            return String.join(
                    "; ",
                    dry.plan.services().stream()
                            .map(service -> "replace the " + service.replicas() + " replica(s) of " + service.name()
                                    + " one at a time with " + service.imageAt(dry.version) + " ("
                                    + service.replacementOrder().planName() + ")")
                            .toList());
        }

        @Override
        String undo(ReleaseDryRun dry) {
            return dry.back() ? "replicas back on " + dry.from : "replaced replicas back on their kept containers";
        }
    },
    VALIDATE((saga, release) -> saga.validation.requestEndpoints()) {
        @Override
        void describe(ReleaseDryRun dry) {
            dry.plan.services().stream()
                    .filter(service -> !service.validate().isEmpty())
                    .forEach(service -> dry.add("validate " + String.join(", ", service.validate()) + " through "
                            + dry.environment.loadBalancer().container() + ": each must answer 2xx"));
        }

        @Override
        String describeBack(ReleaseDryRun dry) {
            return "validate the plan's endpoints through the load balancer";
        }
    },
    /** A migration alone's last step: the release that runs must stay healthy on the new schema. */
    VERIFY((saga, release) -> saga.validation.probeRunningReplicas()) {
        @Override
        void describe(ReleaseDryRun dry) {
            dry.add("probe every replica that runs now: the running release must stay healthy on the new schema; no"
                    + " replica is replaced");
        }
    };

    /** What a run does in the step, with the rooms of the saga; the other way round for a rollback. */
    private final BiConsumer<ReleaseSaga, Release> run;

    Step(BiConsumer<ReleaseSaga, Release> run) {
        this.run = run;
    }

    static Step of(ReleaseStep step) {
        return valueOf(step.name());
    }

    /** Runs this step of {@code release} with the rooms of {@code saga}. */
    void run(ReleaseSaga saga, Release release) {
        run.accept(saga, release);
    }

    /** Adds what a deploy or a migration would do in the step to {@code dry}: its lines, the containers touched. */
    abstract void describe(ReleaseDryRun dry);

    /** The phase of the hooks that run right after the step, if any run there. */
    Optional<HookPhase> hooksAfter() {
        return switch (this) {
            case MIGRATE -> Optional.of(HookPhase.AFTER_MIGRATE);
            case ROLLOUT -> Optional.of(HookPhase.AFTER_ROLLOUT);
            default -> Optional.empty();
        };
    }

    /** The line of a rollback's dry run for the step. */
    String describeBack(ReleaseDryRun dry) {
        throw new IllegalArgumentException(this + " is not a step of a rollback");
    }

    /** What an undo puts back of this step, as a dry run says it; null when nothing of it is undone. */
    String undo(ReleaseDryRun dry) {
        return null;
    }

    /** Whether the run may restore the database, and so needs the backup and the access to restore it. */
    private static boolean mayRestore(RollbackRequest back, Release release) {
        return back != null && back.restoreDatabaseFrom() != null || release.plan.migrates();
    }
}
