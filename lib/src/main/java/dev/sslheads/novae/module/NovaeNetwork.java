package dev.sslheads.novae.module;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sslheads.swav.Mode;
import dev.sslheads.swav.SwavHead;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * novae's network (spec §3): {@link CellEmbedder} → {@link GraphEncoder} → {@link SwavHead}, every
 * tensor on one device, parameters under novae's {@code state_dict} names (spec §3.4.5).
 */
public final class NovaeNetwork implements AutoCloseable {
    /** The state_dict name of the head's prototypes. */
    public static final String PROTOTYPES = "swav_head._prototypes";
    /** The state_dict name of the slide queue buffer. */
    public static final String QUEUE = "swav_head.queue";

    private final NetworkSizes sizes;
    private final NDManager manager;
    private final ParameterSet parameters;
    private final CellEmbedder embedder;
    private final GraphEncoder encoder;
    private final SwavHead head;

    /** A freshly initialised network; {@code seed} fixes every initial weight. */
    public NovaeNetwork(NetworkSizes sizes, List<String> vocabulary, Mode mode, long seed, Device device) {
        this.sizes = sizes;
        this.manager = NDManager.newBaseManager(device);
        Random random = new Random(seed);
        this.parameters = new ParameterSet(manager);
        this.embedder = new CellEmbedder(parameters, vocabulary, sizes.embeddingSize(), random);
        this.encoder = new GraphEncoder(parameters, sizes.embeddingSize(), sizes.hiddenSize(), sizes.numLayers(), sizes.outputSize(),
                sizes.heads(), random);
        this.head = new SwavHead(mode, sizes.outputSize(), sizes.numPrototypes(), sizes.temperature(), random.nextLong(), device);
    }

    public NetworkSizes sizes() {
        return sizes;
    }

    public NDManager manager() {
        return manager;
    }

    public CellEmbedder embedder() {
        return embedder;
    }

    public GraphEncoder encoder() {
        return encoder;
    }

    public SwavHead head() {
        return head;
    }

    public ParameterSet parameters() {
        return parameters;
    }

    /** Graph representations {@code (B, O)} of standardised node expression {@code x (N, G)} over genes {@code genes (G)}. */
    public NDArray represent(NDArray x, NDArray genes, GraphTensors graph) {
        return encoder.forward(embedder.forward(x, genes), graph);
    }

    /**
     * The trainable tensors and buffers by state_dict name: embedder, encoder, {@code swav_head._prototypes},
     * and {@code swav_head.queue} when the head has a queue (live arrays).
     */
    public Map<String, NDArray> stateDict() {
        Map<String, NDArray> state = new LinkedHashMap<>(parameters.asMap());
        state.put(PROTOTYPES, head.prototypesParameter().getArray());
        if (head.hasQueue()) {
            state.put(QUEUE, head.queue());
        }
        return state;
    }

    @Override
    public void close() {
        head.close();
        manager.close();
    }
}
