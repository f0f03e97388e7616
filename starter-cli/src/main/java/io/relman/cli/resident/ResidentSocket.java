package io.relman.cli.resident;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Where the resident CLI listens, and whom it serves. The socket is bound inside a directory that is its
 * user's alone (0700), so no other user can reach it even in the moment between bind (which creates the
 * socket with the process's umask) and its chmod; a directory already there that is not the user's alone
 * refuses the start. A caller is served only when the kernel says it runs as this process's user
 * (SO_PEERCRED): the command would run with this user's rights and keys.
 */
final class ResidentSocket {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private ResidentSocket() {}

    /** A start refused: the message says what to do. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /** The user this process runs as: the owner of a file it creates (user.name can be set on a command line). */
    static UserPrincipal processOwner() throws IOException {
        Path probe = Files.createTempFile("relman-resident-", ".owner");
        try {
            return Files.getOwner(probe);
        } finally {
            Files.delete(probe);
        }
    }

    /** Binds {@code socket} in its directory, created 0700 if missing; refuses a directory others can enter. */
    static ServerSocketChannel bind(Path socket, UserPrincipal owner) throws IOException {
        privateDirectory(socket.toAbsolutePath().getParent(), owner);
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            return server;
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    static void privateDirectory(Path directory, UserPrincipal owner) throws IOException {
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(directory, OWNER_ONLY); // a umask can only have narrowed it
        } catch (FileAlreadyExistsException there) {
            // One left by an earlier start, or made by someone else: checked below either way.
        }
        PosixFileAttributes found =
                Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String wrong;
        if (!found.isDirectory()) {
            wrong = "not a directory";
        } else if (!found.owner().equals(owner)) {
            wrong = "owned by " + found.owner().getName() + ", not " + owner.getName();
        } else if (!found.permissions().equals(OWNER_ONLY)) {
            wrong = "mode " + PosixFilePermissions.toString(found.permissions()) + ", not rwx------";
        } else {
            return;
        }
        throw new Refused("relman's resident CLI did not start: " + directory + " is " + wrong
                + "; its socket must be in a directory only " + owner.getName() + " can enter. Remove it (rm -r "
                + directory + ") and run scripts/setup.sh again; bin/relman runs each command in a JVM of its"
                + " own meanwhile");
    }

    /** Why {@code caller} is not served: empty when it runs as {@code owner}. */
    static Optional<String> refused(SocketChannel caller, UserPrincipal owner) throws IOException {
        return refused(caller.getOption(ExtendedSocketOptions.SO_PEERCRED), owner);
    }

    static Optional<String> refused(UnixDomainPrincipal peer, UserPrincipal owner) {
        if (peer.user().equals(owner)) {
            return Optional.empty();
        }
        return Optional.of(
                "a caller running as " + peer.user().getName() + ", not " + owner.getName() + ", was refused");
    }
}
