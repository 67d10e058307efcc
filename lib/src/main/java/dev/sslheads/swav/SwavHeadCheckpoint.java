package dev.sslheads.swav;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.util.AtomicFiles;
import dev.sslheads.util.CheckpointFormatException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The on-disk form of a {@link SwavHead}: everything needed to rebuild it exactly (prototypes,
 * k-means prototypes, slide queue and ids, mode, settings, min_prototypes, frozen flag).
 *
 * <p>Layout, big-endian: the 12-byte magic {@code "SSLHEADSSWAV"}, an int format version, an
 * int-length-prefixed UTF-8 JSON header, the float32 tensors named by the header (prototypes,
 * then k-means prototypes and queue when present), and a CRC32 of all preceding bytes. Files are
 * written to a temporary sibling, forced to disk, then atomically renamed over the target.
 */
final class SwavHeadCheckpoint {
    static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "SSLHEADSSWAV".getBytes(StandardCharsets.US_ASCII);
    private static final Gson GSON = new Gson();

    /** The JSON header; field names are part of the format. */
    private record Header(
            int numPrototypes,
            int outputSize,
            double temperature,
            int minPrototypes,
            boolean prototypesFrozen,
            boolean zeroShot,
            boolean trained,
            boolean pretrained,
            boolean multimodal,
            NovaeSettings settings,
            List<String> slideIds,
            int queueSize,
            boolean hasKmeansPrototypes) {}

    private SwavHeadCheckpoint() {}

    static void save(SwavHead head, Path path) throws IOException {
        NDArray queue = head.queue();
        Header header = new Header(head.numPrototypes(), head.outputSize(), head.temperature(), head.minPrototypes(),
                head.prototypesFrozen(), head.mode().zeroShot(), head.mode().trained(), head.mode().pretrained(),
                head.mode().multimodal(), head.settings(), queue == null ? null : head.slideIds(),
                queue == null ? 0 : (int) queue.getShape().get(1), head.kmeansPrototypes() != null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            writeFloats(out, head.prototypesParameter().getArray());
            if (header.hasKmeansPrototypes()) {
                writeFloats(out, head.kmeansPrototypes());
            }
            if (queue != null) {
                writeFloats(out, queue);
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        }
        AtomicFiles.write(path, bytes.toByteArray());
    }

    private static void writeFloats(DataOutputStream out, NDArray array) throws IOException {
        for (float v : array.toFloatArray()) {
            out.writeFloat(v);
        }
    }

    static SwavHead load(Path path, Device device) throws IOException {
        byte[] content = Files.readAllBytes(path);
        if (content.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(content, MAGIC.length), MAGIC)) {
            throw new CheckpointFormatException(path, "not an sslheads SwavHead checkpoint (expected magic 'SSLHEADSSWAV')");
        }
        if (content.length < MAGIC.length + 4 + 8) {
            throw new CheckpointFormatException(path, "truncated file (" + content.length + " bytes)");
        }
        ByteBuffer body = ByteBuffer.wrap(content, 0, content.length - 8);
        CRC32 crc = new CRC32();
        crc.update(content, 0, content.length - 8);
        long stored = ByteBuffer.wrap(content, content.length - 8, 8).getLong();
        body.position(MAGIC.length);
        int version = body.getInt();
        if (version != FORMAT_VERSION) {
            throw new CheckpointFormatException(path, "unsupported format version " + version + " (this build reads version " + FORMAT_VERSION + ")");
        }
        if (stored != crc.getValue()) {
            throw new CheckpointFormatException(path, "checksum mismatch: the file is truncated or corrupted");
        }
        try {
            return read(body, device);
        } catch (BufferUnderflowException | JsonParseException | IllegalArgumentException | NullPointerException e) {
            throw new CheckpointFormatException(path, "malformed content (" + e.getMessage() + ")");
        }
    }

    private static SwavHead read(ByteBuffer body, Device device) {
        byte[] json = new byte[body.getInt()];
        body.get(json);
        Header h = GSON.fromJson(new String(json, StandardCharsets.UTF_8), Header.class);
        Mode mode = new Mode();
        mode.setZeroShot(h.zeroShot());
        mode.setTrained(h.trained());
        mode.setPretrained(h.pretrained());
        mode.setMultimodal(h.multimodal());
        SwavHead head = new SwavHead(mode, h.outputSize(), h.numPrototypes(), h.temperature(), 0L, device);
        try {
            head.setSettings(h.settings());
            head.setMinPrototypesCount(h.minPrototypes());
            head.setPrototypesFrozen(h.prototypesFrozen());
            Shape protoShape = new Shape(h.numPrototypes(), h.outputSize());
            OwnedArrays.copyInto(head.prototypesParameter().getArray(), readFloats(body, protoShape));
            if (h.hasKmeansPrototypes()) {
                head.restoreKmeansPrototypes(OwnedArrays.of(head.manager(), readFloats(body, protoShape), protoShape));
            }
            if (h.slideIds() != null) {
                Shape queueShape = new Shape(h.slideIds().size(), h.queueSize(), h.numPrototypes());
                head.restoreQueue(h.slideIds(), OwnedArrays.of(head.manager(), readFloats(body, queueShape), queueShape));
            }
            if (body.hasRemaining()) {
                throw new IllegalArgumentException(body.remaining() + " unexpected trailing bytes");
            }
            return head;
        } catch (RuntimeException e) {
            head.close();
            throw e;
        }
    }

    private static float[] readFloats(ByteBuffer body, Shape shape) {
        float[] values = new float[Math.toIntExact(shape.size())];
        body.asFloatBuffer().get(values);
        body.position(body.position() + values.length * Float.BYTES);
        return values;
    }
}
