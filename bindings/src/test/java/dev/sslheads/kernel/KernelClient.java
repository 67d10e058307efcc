package dev.sslheads.kernel;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A minimal Jupyter client over real sockets (DEALER for shell and control, SUB for iopub) that
 * signs with the connection's key, for protocol tests; {@link #sendRaw} sends frames as given.
 */
final class KernelClient implements AutoCloseable {
    private final ZContext zmq = new ZContext();
    private final Wire wire;
    final ZMQ.Socket shell;
    final ZMQ.Socket control;
    private final ZMQ.Socket iopub;
    private final String session = java.util.UUID.randomUUID().toString();

    KernelClient(ConnectionFile connection) {
        wire = new Wire(new MessageSigner(connection.key()));
        shell = connect(SocketType.DEALER, connection.endpoint(connection.shellPort()));
        control = connect(SocketType.DEALER, connection.endpoint(connection.controlPort()));
        iopub = connect(SocketType.SUB, connection.endpoint(connection.iopubPort()));
        iopub.subscribe(new byte[0]);
    }

    private ZMQ.Socket connect(SocketType type, String endpoint) {
        ZMQ.Socket socket = zmq.createSocket(type);
        socket.setLinger(0);
        socket.setReceiveTimeOut(100);
        socket.connect(endpoint);
        return socket;
    }

    /** Sends a request; returns it (its header's msg_id identifies the replies). */
    Message send(ZMQ.Socket socket, String type, JsonObject content) {
        JsonObject header = Message.newHeader(type, null);
        header.addProperty("session", session);
        Message request = new Message(List.of(), header, new JsonObject(), new JsonObject(), content);
        wire.send(socket, request);
        return request;
    }

    Message execute(String code) {
        return execute(code, false);
    }

    Message execute(String code, boolean stopOnError) {
        JsonObject content = new JsonObject();
        content.addProperty("code", code);
        content.addProperty("silent", false);
        content.addProperty("store_history", true);
        content.add("user_expressions", new JsonObject());
        content.addProperty("allow_stdin", false);
        content.addProperty("stop_on_error", stopOnError);
        return send(shell, "execute_request", content);
    }

    /** Sends frames exactly as given: {@code <IDS|MSG>}, signature, header, parent, metadata, content. */
    void sendRaw(ZMQ.Socket socket, String signature, JsonObject header, JsonObject content) {
        socket.sendMore("<IDS|MSG>");
        socket.sendMore(signature);
        socket.sendMore(header.toString().getBytes(StandardCharsets.UTF_8));
        socket.sendMore("{}");
        socket.sendMore("{}");
        socket.send(content.toString().getBytes(StandardCharsets.UTF_8), 0);
    }

    /** The reply to {@code request} on {@code socket}; fails after {@code timeout}. */
    Message reply(ZMQ.Socket socket, Message request, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Message> m = wire.receive(socket, "test");
            if (m.isPresent() && m.get().parentHeader().has("msg_id") && m.get().parentHeader().get("msg_id").getAsString().equals(request.id())) {
                return m.get();
            }
        }
        throw new AssertionError("no reply to " + request.type() + " within " + timeout);
    }

    /** Every iopub message for {@code request} up to and including its idle status. */
    List<Message> outputs(Message request, Duration timeout) {
        List<Message> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Message> m = wire.receive(iopub, "iopub");
            if (m.isPresent() && m.get().parentHeader().has("msg_id") && m.get().parentHeader().get("msg_id").getAsString().equals(request.id())) {
                found.add(m.get());
                if (m.get().type().equals("status") && m.get().content().get("execution_state").getAsString().equals("idle")) {
                    return found;
                }
            }
        }
        throw new AssertionError("no idle status for " + request.type() + " within " + timeout + "; got " + found);
    }

    @Override
    public void close() {
        zmq.close();
    }
}
