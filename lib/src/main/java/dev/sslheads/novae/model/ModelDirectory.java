package dev.sslheads.novae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.util.AtomicFiles;
import dev.sslheads.util.CheckpointFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * novae's {@code save_pretrained} layout (spec §1.5): a directory with {@code config.json} (the constructor
 * arguments, keys sorted, indent 2), {@code model.safetensors} (float32 tensors under novae's state_dict
 * names) and a {@code README.md} model card. The safetensors file is DJL's {@link NDList.Encoding#SAFETENSORS}
 * encoding (the format's reference layout: an 8-byte little-endian header length, a JSON header, the raw
 * little-endian data), so files written by the {@code safetensors} Python package load too. Each file is
 * written to a temporary name and renamed.
 */
final class ModelDirectory {
    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.safetensors";
    static final String CARD = "README.md";

    private ModelDirectory() {}

    /** Writes {@code config} and {@code state} (name → live array) into {@code dir}, creating it if needed. */
    static void save(Path dir, NovaeConfig config, Map<String, NDArray> state) throws IOException {
        Files.createDirectories(dir);
        NDList tensors = new NDList();
        try (NDManager scratch = NDManager.newBaseManager()) {
            for (Map.Entry<String, NDArray> e : state.entrySet()) {
                NDArray copy = e.getValue().toDevice(scratch.getDevice(), true);
                copy.attach(scratch);
                copy.setName(e.getKey());
                tensors.add(copy);
            }
            AtomicFiles.write(dir.resolve(WEIGHTS), tensors.encode(NDList.Encoding.SAFETENSORS));
        }
        AtomicFiles.write(dir.resolve(CONFIG), (config.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(CARD), card(config).getBytes(StandardCharsets.UTF_8));
    }

    private static String card(NovaeConfig config) {
        return "---\nlibrary_name: novae\ntags:\n- novae\n- sslheads\n---\n\n# novae model\n\nSaved by sslheads (novae's model on the JVM). "
                + "Load it with `novae.Novae.from_pretrained(path)`. Sizes: " + config.numLayers() + " GAT layers, hidden "
                + config.hiddenSize() + ", output " + config.outputSize() + ", " + config.numPrototypes() + " prototypes, "
                + (config.varNames() == null ? 0 : config.varNames().size()) + " genes.\n";
    }

    /** The config of the model in {@code dir}. */
    static NovaeConfig readConfig(Path dir) throws IOException {
        Path file = existing(dir, CONFIG);
        NovaeConfig config;
        try {
            config = NovaeConfig.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | java.nio.charset.MalformedInputException e) {
            throw new CheckpointFormatException(file, e.getMessage());
        }
        if (config.varNames() == null || config.varNames().isEmpty()) {
            throw new CheckpointFormatException(file, "var_names (the model's gene vocabulary) is missing");
        }
        return config;
    }

    /**
     * The float32 tensors of {@code dir}'s safetensors file (name → row-major values and shape).
     *
     * @throws CheckpointFormatException when the file is not a safetensors file or holds non-float32 tensors
     */
    static Map<String, Tensor> readWeights(Path dir) throws IOException {
        Path file = existing(dir, WEIGHTS);
        byte[] bytes = Files.readAllBytes(file);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (NDManager scratch = NDManager.newBaseManager()) {
            NDList decoded = NDList.decode(scratch, bytes);
            for (NDArray array : decoded) {
                if (array.getDataType() != DataType.FLOAT32) {
                    throw new CheckpointFormatException(file, "tensor " + array.getName() + " is " + array.getDataType() + ", expected float32");
                }
                tensors.put(array.getName(), new Tensor(array.toFloatArray(), array.getShape()));
            }
        } catch (RuntimeException e) {
            throw new CheckpointFormatException(file, "not a safetensors file (" + e.getMessage() + ")");
        }
        return tensors;
    }

    private static Path existing(Path dir, String name) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no model directory here (expected a folder written by save_pretrained)");
        }
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "the model directory has no " + name);
        }
        return file;
    }

    /** One stored tensor: row-major values and shape. */
    record Tensor(float[] values, Shape shape) {}
}
