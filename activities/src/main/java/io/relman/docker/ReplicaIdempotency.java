package io.relman.docker;

/**
 * What a replica activity does with what it finds on the engine: the decisions that make a retried or
 * re-delivered activity finish its own earlier work instead of doing it twice. Each release step has an
 * id, which the containers it creates carry as the {@code relman.step} label; a container carrying this
 * step's id is this step's own work.
 */
final class ReplicaIdempotency {
    /** A container as an activity finds it: absent, or present with the release step it was created by. */
    record Found(boolean exists, String createdByStep) {
        static final Found ABSENT = new Found(false, null);

        static Found of(String createdByStep) {
            return new Found(true, createdByStep);
        }

        boolean createdBy(String step) {
            return exists && step.equals(createdByStep);
        }
    }

    /** What stopping (or setting aside) and keeping the old replica must do. */
    enum Keep {
        /** No replica under the name: a first deploy, or an earlier attempt already kept it. */
        NOTHING_UNDER_THE_NAME,
        /** The container under the name is this step's new one: the old one was kept already. */
        ALREADY_REPLACED,
        /** The old replica is under the name: keep it. */
        KEEP_IT
    }

    /** What creating the new replica must do. */
    enum Create {
        CREATE,
        /** An earlier attempt of this step created it: start it if it is not running, and report it. */
        FINISH_THE_EARLIER_ATTEMPT,
        /** Something else has the name: refuse, changing nothing. */
        NAME_TAKEN
    }

    /** What undoing one replica's replacement must do first. */
    enum Restore {
        /** The old replica is under the name (never renamed, or an earlier undo finished): start it if stopped. */
        OLD_ONE_IS_BACK,
        /** This step's new container is under the name: remove it, then bring the kept one back. */
        REMOVE_THE_NEW_ONE,
        /** Nothing is under the name: bring the kept one back, if there is one. */
        NOTHING_UNDER_THE_NAME
    }

    private ReplicaIdempotency() {}

    static Keep keep(Found underTheName, String step) {
        if (!underTheName.exists()) {
            return Keep.NOTHING_UNDER_THE_NAME;
        }
        return underTheName.createdBy(step) ? Keep.ALREADY_REPLACED : Keep.KEEP_IT;
    }

    static Create create(Found underTheName, String step) {
        if (!underTheName.exists()) {
            return Create.CREATE;
        }
        return underTheName.createdBy(step) ? Create.FINISH_THE_EARLIER_ATTEMPT : Create.NAME_TAKEN;
    }

    static Restore restore(Found underTheName, String step) {
        if (!underTheName.exists()) {
            return Restore.NOTHING_UNDER_THE_NAME;
        }
        return underTheName.createdBy(step) ? Restore.REMOVE_THE_NEW_ONE : Restore.OLD_ONE_IS_BACK;
    }
}
