package dev.sslheads.kernel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Jupyter connection file: where the five sockets bind and the HMAC key that signs messages.
 * {@link #toString()} leaves the key out, so that a connection may be logged.
 */
public record ConnectionFile(String transport, String ip, int shellPort, int controlPort, int iopubPort, int stdinPort,
                             int hbPort, String signatureScheme, byte[] key) {

    /** Reads {@code file} (JSON, as written by jupyter_client). */
    public static ConnectionFile read(Path file) throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        String scheme = json.has("signature_scheme") ? json.get("signature_scheme").getAsString() : "hmac-sha256";
        if (!scheme.equals("hmac-sha256")) {
            throw new IllegalArgumentException("signature_scheme must be hmac-sha256, was " + scheme + " in " + file);
        }
        return new ConnectionFile(
                json.has("transport") ? json.get("transport").getAsString() : "tcp",
                json.has("ip") ? json.get("ip").getAsString() : "127.0.0.1",
                json.get("shell_port").getAsInt(), json.get("control_port").getAsInt(), json.get("iopub_port").getAsInt(),
                json.get("stdin_port").getAsInt(), json.get("hb_port").getAsInt(), scheme,
                json.has("key") ? json.get("key").getAsString().getBytes(StandardCharsets.UTF_8) : new byte[0]);
    }

    /** The ZeroMQ endpoint for {@code port}: {@code tcp://ip:port}, or {@code ipc://ip-port} for ipc. */
    public String endpoint(int port) {
        return transport.equals("ipc") ? "ipc://" + ip + "-" + port : transport + "://" + ip + ":" + port;
    }

    @Override
    public String toString() {
        return "ConnectionFile[" + transport + "://" + ip + " shell=" + shellPort + " control=" + controlPort + " iopub=" + iopubPort
                + " stdin=" + stdinPort + " hb=" + hbPort + " " + signatureScheme + (key.length == 0 ? ", unsigned" : ", signed") + "]";
    }
}
