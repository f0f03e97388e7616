package io.relman.database;

import io.relman.temporal.OnMachine;

/** An activity's request that reads a backup: it runs on the machine that holds that backup. */
public interface OnBackup extends OnMachine {
    BackupFile backup();

    @Override
    default String machineQueue() {
        return backup().machineQueue();
    }
}
