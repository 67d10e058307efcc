package dev.sslheads.kernel;

import java.util.Optional;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The kernel's five ZeroMQ sockets, bound to the connection file's address: shell and control
 * (ROUTER), iopub (PUB), stdin (ROUTER) and heartbeat (REP, echoed by a daemon thread). stdin is
 * bound for clients to connect, but the kernel sends no input requests: {@code input()} in a cell
 * reads end-of-file. Shell and control are each read by one thread; iopub is shared, so
 * {@link #publish} is synchronized.
 */
final class KernelChannels implements AutoCloseable {
    /** How long a read waits before the reading loop checks for shutdown, in ms. */
    static final int POLL_MS = 200;
    private final ZContext zmq = new ZContext();
    private final Wire wire;
    final ZMQ.Socket shell;
    final ZMQ.Socket control;
    private final ZMQ.Socket iopub;
    private final ZMQ.Socket stdin;
    private final Thread heartbeat;

    KernelChannels(ConnectionFile connection) {
        wire = new Wire(new MessageSigner(connection.key()));
        shell = bind(SocketType.ROUTER, connection, connection.shellPort());
        control = bind(SocketType.ROUTER, connection, connection.controlPort());
        iopub = bind(SocketType.PUB, connection, connection.iopubPort());
        stdin = bind(SocketType.ROUTER, connection, connection.stdinPort());
        ZMQ.Socket hb = bind(SocketType.REP, connection, connection.hbPort());
        heartbeat = new Thread(() -> {
            try {
                ZMQ.proxy(hb, hb, null);
            } catch (RuntimeException closed) {
                // the context was closed: the kernel is shutting down
            }
        }, "jupyter-heartbeat");
        heartbeat.setDaemon(true);
        heartbeat.start();
    }

    private ZMQ.Socket bind(SocketType type, ConnectionFile connection, int port) {
        ZMQ.Socket socket = zmq.createSocket(type);
        socket.setLinger(1000);
        socket.setReceiveTimeOut(POLL_MS);
        socket.bind(connection.endpoint(port));
        return socket;
    }

    /** The next verified message on {@code socket} (shell or control), empty after {@link #POLL_MS} without one. */
    Optional<Message> receive(ZMQ.Socket socket) {
        return wire.receive(socket, socket == control ? "control" : "shell");
    }

    /** Sends a reply on the socket its request came from. */
    void reply(ZMQ.Socket socket, Message reply) {
        wire.send(socket, reply);
    }

    /** Publishes on iopub; the message type is the topic. */
    synchronized void publish(Message message) {
        wire.send(iopub, new Message(java.util.List.of(message.type().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                message.header(), message.parentHeader(), message.metadata(), message.content()));
    }

    @Override
    public void close() {
        zmq.close();
    }
}
