package dev.sslheads.kernel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.zeromq.ZMQ;

/**
 * The Jupyter wire format over JeroMQ sockets: identities, {@code <IDS|MSG>}, HMAC signature,
 * header, parent header, metadata, content, then buffers.
 *
 * <p>Written here rather than taken from {@code org.dflib.jjava:jjava-jupyter:1.0-a6} (evaluated):
 * its {@code JupyterSocket.readMessage} compares signatures with {@code String.equals} (not
 * constant-time) and throws a {@code SecurityException} that escapes the shell loop, so one
 * forged message stops the channel. Here every received message is verified before any of its
 * JSON is parsed, and a message with a missing or wrong signature is dropped and logged (never its
 * key or content) while the channel keeps serving.
 */
final class Wire {
    private static final Logger LOG = Logger.getLogger(Wire.class.getName());
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private final MessageSigner signer;

    Wire(MessageSigner signer) {
        this.signer = signer;
    }

    /**
     * Receives one multipart message from {@code socket} (blocking up to the socket's receive
     * timeout); empty when none arrived, or when it was malformed or badly signed (then logged
     * with the channel's name).
     */
    Optional<Message> receive(ZMQ.Socket socket, String channel) {
        byte[] first = socket.recv(0);
        if (first == null) {
            return Optional.empty();
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0 || frames.size() < delimiter + 6) {
            LOG.warning("dropped a malformed message on " + channel + " (" + frames.size() + " frames, no complete <IDS|MSG> part)");
            return Optional.empty();
        }
        List<byte[]> parts = frames.subList(delimiter + 2, delimiter + 6);
        if (!signer.verify(frames.get(delimiter + 1), parts)) {
            LOG.warning("dropped a message with a " + (frames.get(delimiter + 1).length == 0 ? "missing" : "wrong")
                    + " HMAC signature on " + channel + "; it was not executed");
            return Optional.empty();
        }
        try {
            return Optional.of(new Message(List.copyOf(frames.subList(0, delimiter)), json(parts.get(0)), json(parts.get(1)),
                    json(parts.get(2)), json(parts.get(3))));
        } catch (JsonParseException | IllegalStateException e) {
            LOG.warning("dropped a signed message with invalid JSON on " + channel + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Sends {@code message} on {@code socket}, signed. */
    void send(ZMQ.Socket socket, Message message) {
        List<byte[]> parts = List.of(bytes(message.header()), bytes(message.parentHeader()), bytes(message.metadata()),
                bytes(message.content()));
        for (byte[] identity : message.identities()) {
            socket.sendMore(identity);
        }
        socket.sendMore(DELIMITER);
        socket.sendMore(signer.sign(parts));
        for (int i = 0; i < parts.size(); i++) {
            if (i < parts.size() - 1) {
                socket.sendMore(parts.get(i));
            } else {
                socket.send(parts.get(i), 0);
            }
        }
    }

    private static JsonObject json(byte[] frame) {
        return JsonParser.parseString(new String(frame, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static byte[] bytes(JsonObject json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
