package io.relman.cli.common;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The connections to Temporal a command opened, closed when it returns. gRPC's shared event loop outlives
 * its channels, and the JVM waits up to 300 ms at exit for a thread that is blocked in native code (its
 * selector), so each command runs its channels on an event loop of its own and stops it before exiting.
 */
public final class CliConnections {
    private static NioEventLoopGroup eventLoop;
    private static final List<WorkflowServiceStubs> opened = new ArrayList<>();

    private CliConnections() {}

    /** For WorkflowServiceStubsOptions' channel initializer: the command's own event loop. */
    static synchronized void onOwnEventLoop(io.grpc.ManagedChannelBuilder<?> channel) {
        if (eventLoop == null) {
            eventLoop = new NioEventLoopGroup(1);
        }
        ((NettyChannelBuilder) channel).eventLoopGroup(eventLoop).channelType(NioSocketChannel.class);
    }

    static synchronized void opened(WorkflowServiceStubs stubs) {
        opened.add(stubs);
    }

    /** Closes every connection, then stops the event loop (no quiet period: nothing else runs on it). */
    public static synchronized void closeAll() {
        opened.forEach(WorkflowServiceStubs::shutdownNow);
        for (WorkflowServiceStubs stubs : opened) {
            stubs.awaitTermination(1, TimeUnit.SECONDS);
        }
        opened.clear();
        if (eventLoop != null) {
            eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(1, TimeUnit.SECONDS);
            eventLoop = null;
        }
    }
}
