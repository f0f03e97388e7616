package io.relman.ssh;

import com.jcraft.jsch.Session;

/**
 * One host's SSH session, and the bastion's it goes through (or null): they live and close together.
 *
 * @param session the session on the host itself, where channels are opened
 * @param bastion the session on the host's jump, which forwards the host's connection; null when direct
 */
public record SshConnection(Session session, Session bastion) implements AutoCloseable {
    public boolean isConnected() {
        return session.isConnected() && (bastion == null || bastion.isConnected());
    }

    @Override
    public void close() {
        session.disconnect();
        if (bastion != null) {
            bastion.disconnect();
        }
    }
}
