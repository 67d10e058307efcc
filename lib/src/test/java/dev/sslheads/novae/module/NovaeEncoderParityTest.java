package dev.sslheads.novae.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import com.google.gson.JsonArray;
import dev.sslheads.testing.Approx;
import dev.sslheads.testing.Golden;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The embedder, the GATv2 stack, the attention pooling and the projections against the cases
 * {@code golden/novae_model/encoder_*.json} of {@code /usr/bin/python3 scripts/reference/novae_model_goldens.py}
 * (plain torch 1.13, float32, no augmentation): every layer's node outputs, z and the projections within
 * 1e-5 (absolute, values of order 1), the leaves (argmax of the projections) exactly. The graphs have a
 * single-node graph, an isolated node in a larger graph, a source-only node and one- and two-way edges.
 */
class NovaeEncoderParityTest {
    private static final double TOL = 1e-5;

    @TestFactory
    Stream<DynamicTest> everyEncoderCase() throws IOException, URISyntaxException {
        List<String> cases = NovaeModelGolden.cases("encoder_");
        assertEquals(5, cases.size(), "the generator's encoder cases, found " + cases);
        return cases.stream().map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
    }

    private static void check(String name) {
        try (NovaeModelGolden golden = NovaeModelGolden.load(name);
                NovaeModelGolden.Batch batch = golden.batch(golden.golden().child("inputs"));
                NDScope ignored = new NDScope()) {
            NovaeNetwork network = golden.network();
            Golden expected = golden.golden().child("outputs");
            NDArray embedded = network.embedder().forward(batch.nodes(), batch.genes());
            Approx.assertClose(name + " embedded", batch.inTableOrder(expected.matrix("embedded")), embedded.toFloatArray(),
                    TOL, 0);
            List<NDArray> layers = new ArrayList<>();
            NDArray y = network.encoder().nodes(embedded, batch.graph(), layers);
            JsonArray expectedLayers = expected.json().getAsJsonArray("layers");
            assertEquals(expectedLayers.size(), layers.size(), name + ": number of layers");
            for (int l = 0; l < layers.size(); l++) {
                float[][] rows = NovaeModelGolden.rows(expectedLayers.get(l));
                Approx.assertClose(name + " layer " + l, batch.inTableOrder(rows), layers.get(l).toFloatArray(), TOL, 0);
            }
            NDArray z = network.encoder().pool(y, batch.graph());
            Approx.assertClose(name + " z", expected.matrix("z"), z, TOL, 0);
            NDArray represented = network.represent(batch.nodes(), batch.genes(), batch.graph());
            Approx.assertClose(name + " z by represent", expected.matrix("z"), represented, TOL, 0);
            NDArray projections = network.head().projection(z);
            Approx.assertClose(name + " projections", expected.matrix("projections"), projections, TOL, 0);
            long[] leaves = projections.argMax(1).toLongArray();
            assertArrayEquals(IntStream.of(expected.ints("leaves")).asLongStream().toArray(), leaves, name + " leaves");
        }
    }
}
