package io.relman.cli.common;

/** The exit codes scripts can trust, one meaning each; {@code relman --help} lists them. */
public final class ExitCode {
    /** The release succeeded, or the plan is valid. */
    public static final int DONE = 0;
    /** The release failed; the reason is printed, and the run is in the Web UI. */
    public static final int FAILED = 1;
    /** The plan or the command line is wrong; nothing was changed. */
    public static final int BAD_INPUT = 2;
    /**
     * Temporal could not be reached or refused the request, the connection was lost while watching (the
     * run goes on), or the run is not known (or, for a signal, none is running).
     */
    public static final int UNREACHABLE = 3;
    /**
     * Another release of the environment is running, or the run there does not answer the signal sent
     * (relman pause to a restore); nothing was changed.
     */
    public static final int REFUSED = 4;

    private ExitCode() {}
}
