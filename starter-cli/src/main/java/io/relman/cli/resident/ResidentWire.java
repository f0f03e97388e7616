package io.relman.cli.resident;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resident CLI's wire format, written by hand: no library here speaks a command line over a socket to a
 * client that starts in milliseconds. Request: a 4-byte big-endian length, then NUL-terminated UTF-8
 * fields: {@link ResidentCli#PROTOCOL}, the working directory, the count of RELMAN_* variables and each as
 * KEY=VALUE, the count of arguments and each argument. Reply: frames of a tag byte and a 4-byte length:
 * {@code o} standard output bytes, {@code e} standard error bytes, {@code x} the exit code (4 bytes), or
 * {@code r} declined (the reason, for bin/relman's RELMAN_RESIDENT=explain).
 */
final class ResidentWire {
    private static final int MAX_REQUEST_BYTES = 1 << 20;

    private ResidentWire() {}

    /** A command line as bin/resident.py sends it. */
    record Request(String protocol, String workingDirectory, Map<String, String> environment, List<String> args) {
        static Request read(SocketChannel caller) throws IOException {
            int length = readFully(caller, ByteBuffer.allocate(4)).getInt();
            if (length < 0 || length > MAX_REQUEST_BYTES) {
                throw new IOException("a request of " + length + " bytes");
            }
            return parse(readFully(caller, ByteBuffer.allocate(length)).array());
        }

        static Request parse(byte[] body) throws IOException {
            List<String> fields = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < body.length; i++) {
                if (body[i] == 0) {
                    fields.add(new String(body, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            try {
                int next = 0;
                String protocol = fields.get(next++);
                String directory = fields.get(next++);
                Map<String, String> environment = new TreeMap<>();
                for (int count = Integer.parseInt(fields.get(next++)); count > 0; count--) {
                    String[] variable = fields.get(next++).split("=", 2);
                    environment.put(variable[0], variable.length > 1 ? variable[1] : "");
                }
                int count = Integer.parseInt(fields.get(next++));
                List<String> args = List.copyOf(fields.subList(next, next + count));
                return new Request(protocol, directory, environment, args);
            } catch (IndexOutOfBoundsException | NumberFormatException e) {
                throw new IOException("a malformed request (" + fields.size() + " fields)", e);
            }
        }

        private static ByteBuffer readFully(SocketChannel caller, ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                if (caller.read(buffer) < 0) {
                    throw new IOException("the caller hung up before its request was complete");
                }
            }
            return buffer.flip();
        }
    }

    /**
     * The reply's frames. A caller that hangs up (Ctrl-C on bin/relman) interrupts the command, as the
     * end of its own JVM would have ended it; what it prints after that goes nowhere.
     */
    static final class Frames {
        private final SocketChannel caller;
        private final Thread command;
        private volatile boolean hungUp;

        Frames(SocketChannel caller, Thread command) {
            this.caller = caller;
            this.command = command;
        }

        OutputStream stream(char tag) {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    send(tag, Arrays.copyOfRange(bytes, offset, offset + length));
                }
            };
        }

        synchronized void send(char tag, byte[] payload) {
            if (hungUp) {
                return;
            }
            ByteBuffer frame = ByteBuffer.allocate(5 + payload.length)
                    .put((byte) tag)
                    .putInt(payload.length)
                    .put(payload)
                    .flip();
            try {
                while (frame.hasRemaining()) {
                    caller.write(frame);
                }
            } catch (IOException gone) {
                hangUp();
            }
        }

        /** The caller sends nothing after its request: a read that ends means it hung up. */
        void watchForHangUp() {
            Thread watcher = new Thread(
                    () -> {
                        try {
                            if (caller.read(ByteBuffer.allocate(1)) < 0) {
                                hangUp();
                            }
                        } catch (IOException closed) {
                            // Closed by the reply's end, or reset by the caller: either way nothing to do.
                        }
                    },
                    "relman-hang-up-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        private void hangUp() {
            hungUp = true;
            command.interrupt();
        }
    }
}
