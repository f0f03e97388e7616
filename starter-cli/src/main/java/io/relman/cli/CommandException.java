package io.relman.cli;

/**
 * A command that cannot go on, with the exit code scripts see and the message a person reads;
 * {@link RelmanCli} prints it as {@code relman: MESSAGE}. Nothing has been changed when it is thrown.
 */
final class CommandException extends RuntimeException {
    final int exitCode;

    CommandException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }
}
