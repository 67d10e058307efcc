package dev.sslheads.novae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.novae.data.GraphBatch;
import dev.sslheads.novae.data.PreparedAnnData;
import dev.sslheads.novae.module.GraphTensors;
import dev.sslheads.novae.module.NovaeNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * The prepared AnnData's standardised expression {@code (n_obs, G)} and gene rows {@code (G)} on the
 * model's device, uploaded once so a step only uploads its small graph tables.
 */
final class DeviceData implements AutoCloseable {
    private final NDManager manager;
    private final List<PreparedAnnData> adatas;
    private final List<NDArray> expression = new ArrayList<>();
    private final List<NDArray> genes = new ArrayList<>();

    DeviceData(NovaeNetwork network, List<PreparedAnnData> adatas) {
        this.manager = network.manager().newSubManager();
        this.adatas = adatas;
        for (PreparedAnnData adata : adatas) {
            expression.add(OwnedArrays.of(manager, adata.expression(), new Shape(adata.nObs(), adata.genes())));
            genes.add(OwnedArrays.of(manager, adata.geneRows()));
        }
    }

    PreparedAnnData adata(int a) {
        return adatas.get(a);
    }

    /** The tables of the graphs centred on {@code centers} of AnnData {@code a}. */
    GraphTensors graphs(int a, int[] centers) {
        GraphBatch batch = adatas.get(a).subgraphs().build(centers);
        return new GraphTensors(manager, batch);
    }

    /** The nodes' standardised expression {@code (N, G)}. */
    NDArray nodes(int a, GraphTensors graph) {
        return expression.get(a).get(graph.cells());
    }

    /** The gene rows {@code (G)} of AnnData {@code a}. */
    NDArray genes(int a) {
        return genes.get(a);
    }

    @Override
    public void close() {
        manager.close();
    }
}
