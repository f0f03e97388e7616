package io.relman.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Runs command lines (separated by a lone {@code ;}) with their output discarded, so that a JVM started
 * with {@code -XX:ArchiveClassesAtExit} archives the classes they load: scripts/setup.sh builds the CLI's
 * class archive this way, which bin/relman then starts with (about half of a command's start-up is class
 * loading).
 */
public final class ArchiveTraining {
    private ArchiveTraining() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(discard);
        System.setErr(discard);
        int start = 0;
        for (int i = 0; i <= args.length; i++) {
            if (i == args.length || args[i].equals(";")) {
                String[] commandLine = Arrays.copyOfRange(args, start, i);
                int exitCode = RelmanCli.run(commandLine);
                out.println("relman " + String.join(" ", commandLine) + ": exit " + exitCode);
                start = i + 1;
            }
        }
        System.setOut(out);
        System.setErr(err);
    }
}
