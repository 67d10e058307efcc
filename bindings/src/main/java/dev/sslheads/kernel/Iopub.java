package dev.sslheads.kernel;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.logging.Logger;

/**
 * What the kernel publishes on iopub: status around each request, and the outputs of the
 * execute request that is running ({@link #setCurrent}): streams, display_data, clear_output.
 */
final class Iopub {
    private static final Logger LOG = Logger.getLogger(Iopub.class.getName());
    private final KernelChannels channels;
    private volatile Message current;

    Iopub(KernelChannels channels) {
        this.channels = channels;
    }

    /** The execute request whose outputs are published now ({@code null} between cells). */
    Message current() {
        return current;
    }

    void setCurrent(Message request) {
        current = request;
    }

    void status(Message parent, String state) {
        JsonObject content = new JsonObject();
        content.addProperty("execution_state", state);
        publish(parent, "status", content);
    }

    void publish(Message parent, String type, JsonObject content) {
        channels.publish(new Message(List.of(), Message.newHeader(type, parent.header()), parent.header(), new JsonObject(), content));
    }

    /** A stream message (stdout or stderr) of the running cell; logged when no cell runs. */
    void stream(String name, String text) {
        Message parent = current;
        if (parent == null) {
            LOG.info(name + " outside a request: " + text.strip());
            return;
        }
        JsonObject content = new JsonObject();
        content.addProperty("name", name);
        content.addProperty("text", text);
        publish(parent, "stream", content);
    }

    void displayData(JsonObject bundle) {
        Message parent = current;
        if (parent != null) {
            JsonObject content = new JsonObject();
            content.add("data", bundle);
            content.add("metadata", new JsonObject());
            content.add("transient", new JsonObject());
            publish(parent, "display_data", content);
        }
    }

    void clearOutput(boolean wait) {
        Message parent = current;
        if (parent != null) {
            JsonObject content = new JsonObject();
            content.addProperty("wait", wait);
            publish(parent, "clear_output", content);
        }
    }
}
