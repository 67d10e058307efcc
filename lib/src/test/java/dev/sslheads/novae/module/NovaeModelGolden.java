package dev.sslheads.novae.module;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.novae.data.SubgraphBuilder;
import dev.sslheads.swav.Mode;
import dev.sslheads.testing.Approx;
import dev.sslheads.testing.Golden;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A case of {@code golden/novae_model/}, written by {@code /usr/bin/python3 scripts/reference/novae_model_goldens.py}
 * (the plain-torch reference {@code scripts/reference/novae_model_reference.py}, float32): a {@link NovaeNetwork}
 * on the CPU holding the case's {@code state_dict}, and its input batches as {@link GraphTensors}.
 */
public final class NovaeModelGolden implements AutoCloseable {
    private static final String DIR = "novae_model";

    private final Golden golden;
    private final NovaeNetwork network;

    private NovaeModelGolden(Golden golden, NovaeNetwork network) {
        this.golden = golden;
        this.network = network;
    }

    /** Loads case {@code name} and builds its network: every parameter set from the state_dict, prototypes as stored. */
    public static NovaeModelGolden load(String name) {
        Golden golden = Golden.load(DIR + "/" + name + ".json");
        assertEquals("/usr/bin/python3 scripts/reference/novae_model_goldens.py", golden.string("generator"));
        Golden config = golden.child("config");
        NetworkSizes sizes = new NetworkSizes(config.integer("embedding_size"), config.integer("hidden_size"),
                config.integer("num_layers"), config.integer("output_size"), config.integer("heads"),
                config.integer("num_prototypes"), config.number("temperature"));
        List<String> vocabulary = IntStream.range(0, config.integer("vocab_size")).mapToObj(i -> "g" + i).toList();
        NovaeNetwork network = new NovaeNetwork(sizes, vocabulary, new Mode(), 0L, Device.cpu());
        JsonObject state = golden.json().getAsJsonObject("state_dict");
        Set<String> expected = new HashSet<>(network.parameters().asMap().keySet());
        expected.add(NovaeNetwork.PROTOTYPES);
        assertEquals(expected, state.keySet(), name + ": state_dict names");
        for (Map.Entry<String, JsonElement> e : state.entrySet()) {
            float[] values = Golden.flat(e.getValue());
            Shape shape = shapeOf(e.getValue());
            if (e.getKey().equals(NovaeNetwork.PROTOTYPES)) {
                try (NDArray prototypes = OwnedArrays.of(network.manager(), values, shape)) {
                    network.head().setPrototypes(prototypes);
                }
            } else {
                network.parameters().set(e.getKey(), values, shape);
            }
        }
        return new NovaeModelGolden(golden, network);
    }

    /** The names of the cases whose file name starts with {@code prefix}, sorted. */
    public static List<String> cases(String prefix) throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(Path.of(Golden.class.getResource("/golden/" + DIR).toURI()))) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(prefix) && f.endsWith(".json"))
                    .map(f -> f.substring(0, f.length() - ".json".length())).sorted().toList();
        }
    }

    /** The shape of a nested JSON list. */
    public static Shape shapeOf(JsonElement e) {
        List<Long> dims = new ArrayList<>();
        for (JsonElement level = e; level.isJsonArray() && !level.getAsJsonArray().isEmpty();
                level = level.getAsJsonArray().get(0)) {
            dims.add((long) level.getAsJsonArray().size());
        }
        return new Shape(dims.stream().mapToLong(Long::longValue).toArray());
    }

    /** A {@code (rows, cols)} nested JSON list. */
    public static float[][] rows(JsonElement matrix) {
        JsonArray rows = matrix.getAsJsonArray();
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Golden.flat(rows.get(i));
        }
        return out;
    }

    public Golden golden() {
        return golden;
    }

    public NovaeNetwork network() {
        return network;
    }

    /** The batch {@code inputs} (x, genes_indices, edge_index, edge_attr, batch) on the network's device. */
    public Batch batch(Golden inputs) {
        int[][] edges = inputs.intMatrix("edge_index");
        float[] attributes = Golden.flat(inputs.json().get("edge_attr"));
        int[] graphOf = inputs.ints("batch");
        GraphTensors graph = new GraphTensors(network.manager(), SubgraphBuilder.fromEdges(edges, attributes, graphOf));
        float[][] x = inputs.matrix("x");
        NDArray nodes;
        try (NDArray all = OwnedArrays.of(network.manager(), x)) {
            nodes = all.get(graph.cells());
        }
        long[] cells = graph.cells().toLongArray();
        NDArray genes = OwnedArrays.of(network.manager(), IntStream.of(inputs.ints("genes_indices")).asLongStream().toArray());
        return new Batch(graph, nodes, genes, cells);
    }

    @Override
    public void close() {
        network.close();
    }

    /**
     * One input batch: its tables, the nodes' expression {@code (N, G)} in table order, the gene rows {@code (G)}
     * and the input node id of every table row.
     */
    public record Batch(GraphTensors graph, NDArray nodes, NDArray genes, long[] cells) implements AutoCloseable {
        /** Rows {@code (N, width)} given per input node id, reordered into table order and flattened. */
        public float[] inTableOrder(float[][] byNode) {
            float[][] rows = new float[cells.length][];
            for (int k = 0; k < cells.length; k++) {
                rows[k] = byNode[(int) cells[k]];
            }
            return Approx.flatten(rows);
        }

        @Override
        public void close() {
            nodes.close();
            genes.close();
            graph.close();
        }
    }
}
