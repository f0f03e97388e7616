package io.relman.release.saga;

import io.relman.release.ReleaseControl;
import io.relman.release.ReleaseProgress;

/** Answers the query and the signals of every release workflow from its {@link ReleaseSaga}. */
abstract class ReleaseControlDelegate implements ReleaseControl {
    final ReleaseSaga saga;

    ReleaseControlDelegate(ReleaseSaga saga) {
        this.saga = saga;
    }

    @Override
    public ReleaseProgress progress() {
        return saga.progress();
    }

    @Override
    public void approve(String by) {
        saga.approve(by);
    }

    @Override
    public void pause(String by) {
        saga.pause(by);
    }

    @Override
    public void resume(String by) {
        saga.resume(by);
    }

    @Override
    public void abort(String by) {
        saga.abort(by);
    }
}
