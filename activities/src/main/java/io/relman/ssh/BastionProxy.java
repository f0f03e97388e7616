package io.relman.ssh;

import com.jcraft.jsch.ChannelDirectTCPIP;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SocketFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The way to a host behind a bastion, as OpenSSH's ProxyJump does it: the host's SSH session runs over a
 * direct-tcpip channel of the bastion's session, and nothing listens on the worker's machine (a forwarded
 * loopback port would let any local process reach the host's sshd through the bastion).
 *
 * <p>Hand-written because JSch has no ProxyJump; its {@link Proxy} interface is the documented way to give a
 * session a stream of its own. There is no socket: the session's keepalive probes cover a silent host.
 */
final class BastionProxy implements Proxy {
    private final Session bastion;
    private ChannelDirectTCPIP channel;
    private InputStream in;
    private OutputStream out;

    BastionProxy(Session bastion) {
        this.bastion = bastion;
    }

    @Override
    public void connect(SocketFactory unused, String host, int port, int timeout) throws JSchException {
        channel = (ChannelDirectTCPIP) bastion.openChannel("direct-tcpip");
        channel.setHost(host);
        channel.setPort(port);
        try {
            in = channel.getInputStream();
            out = channel.getOutputStream();
        } catch (java.io.IOException e) {
            throw new JSchException("cannot open a channel through the bastion: " + e.getMessage(), e);
        }
        channel.connect(timeout);
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public Socket getSocket() {
        return null;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.disconnect();
        }
    }
}
