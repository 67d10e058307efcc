package dev.sslheads.kernel;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * One Jupyter message: the routing identities and the four JSON parts (buffers are not used by
 * this kernel). {@link #reply} builds a message whose parent is this one.
 */
record Message(List<byte[]> identities, JsonObject header, JsonObject parentHeader, JsonObject metadata, JsonObject content) {
    /** The protocol version this kernel speaks. */
    static final String PROTOCOL_VERSION = "5.3";

    String type() {
        return header.has("msg_type") ? header.get("msg_type").getAsString() : "";
    }

    String id() {
        return header.has("msg_id") ? header.get("msg_id").getAsString() : "";
    }

    /** A message of {@code type} in reply to this one, to the same identities, in this message's session. */
    Message reply(String type, JsonObject content) {
        return new Message(identities, newHeader(type, header), header, new JsonObject(), content);
    }

    /** A header for a new message of {@code type}; session and username come from {@code parent} when there is one. */
    static JsonObject newHeader(String type, JsonObject parent) {
        JsonObject h = new JsonObject();
        h.addProperty("msg_id", UUID.randomUUID().toString());
        h.addProperty("session", parent != null && parent.has("session") ? parent.get("session").getAsString() : "sslheads-kernel");
        h.addProperty("username", parent != null && parent.has("username") ? parent.get("username").getAsString() : "kernel");
        h.addProperty("date", Instant.now().truncatedTo(ChronoUnit.MICROS).toString());
        h.addProperty("msg_type", type);
        h.addProperty("version", PROTOCOL_VERSION);
        return h;
    }
}
