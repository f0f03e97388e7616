package io.relman.cli.common;

/**
 * A command that cannot go on, with the exit code scripts see and the message a person reads;
 * {@code RelmanCli} prints it as {@code relman: MESSAGE}. Nothing has been changed when it is thrown.
 */
public final class CommandException extends RuntimeException {
    public final int exitCode;

    public CommandException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }
}
