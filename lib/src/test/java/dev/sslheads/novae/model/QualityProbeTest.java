package dev.sslheads.novae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.anndata.AnnData;
import dev.sslheads.cluster.KMeans;
import dev.sslheads.metrics.ClusteringScores;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.novae.data.ToyDataset;
import dev.sslheads.novae.data.ToySettings;
import dev.sslheads.novae.SpatialNeighbors;
import java.util.*;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;

class QualityProbeTest {
    static String env(String k, String d) { String v = System.getenv(k); return v == null ? d : v; }

    @Test
    void probe() {
        int panels = Integer.parseInt(env("P_PANELS", "3"));
        List<AnnData> all = ToyDataset.generate(ToySettings.DEFAULTS.withSeed(Long.parseLong(env("P_SEED", "0"))));
        List<AnnData> toy = all.subList(0, panels);
        SpatialNeighbors.compute(toy, SpatialNeighbors.Options.DEFAULTS.withSlideKey("slide_key"));
        Map<String, Object> kw = new HashMap<>();
        for (String kv : env("P_KW", "").split(",")) {
            if (kv.isBlank()) continue;
            String[] p = kv.split("=");
            kw.put(p[0], p[1].contains(".") ? (Object) Double.parseDouble(p[1]) : (Object) Integer.parseInt(p[1]));
        }
        NovaeConfig config = NovaeConfig.DEFAULTS.with(kw);
        long t0 = System.nanoTime();
        try (Novae model = new Novae(toy, config, new WorkflowSettings(true, 1.0), 0, null)) {
            FitOptions opts = new FitOptions(Integer.parseInt(env("P_EPOCHS", "20")), Double.parseDouble(env("P_LR", "1e-3")),
                    Double.parseDouble(env("P_MINDELTA", "0.1")), Integer.parseInt(env("P_PATIENCE", "3")));
            int every = Integer.parseInt(env("P_EVERY", "100"));
            model.fit(toy, opts, r -> {
                System.out.printf("epoch %d loss %.4f entropy %.4f steps %d %.1fs%n", r.epoch(), r.loss(), r.entropy(), r.steps(), r.seconds());
                if ((r.epoch() + 1) % every == 0) { model.mode().setTrained(true); report(model, toy); }
            });
            report(model, toy);
            System.out.printf("total %.1fs%n", (System.nanoTime() - t0) / 1e9);
        }
    }

    static void report(Novae model, List<AnnData> toy) {
        model.computeRepresentations(toy, false);
        String key = model.assignDomains(toy, null, 4, null);
        List<String> truth = new ArrayList<>(), dom = new ArrayList<>(), leaves = new ArrayList<>();
        List<float[]> lat = new ArrayList<>();
        StringBuilder per = new StringBuilder();
        for (AnnData a : toy) {
            StringColumn t = (StringColumn) a.obs().column("domain");
            StringColumn d = (StringColumn) a.obs().column(key);
            StringColumn l = (StringColumn) a.obs().column("novae_leaves");
            float[] z = a.obsm().get("novae_latent").toFloatArray();
            int o = z.length / a.nObs();
            List<String> pt = new ArrayList<>(), pd = new ArrayList<>();
            for (int i = 0; i < a.nObs(); i++) {
                if (d.isMissing(i)) continue;
                truth.add(t.get(i)); dom.add(d.get(i)); leaves.add(l.get(i)); pt.add(t.get(i)); pd.add(d.get(i));
                lat.add(Arrays.copyOfRange(z, i * o, (i + 1) * o));
            }
            per.append(String.format(" %.3f", ClusteringScores.adjustedRandIndex(pt.toArray(String[]::new), pd.toArray(String[]::new))));
        }
        int n = lat.size(), o = lat.get(0).length;
        float[] flat = new float[n * o];
        for (int i = 0; i < n; i++) System.arraycopy(lat.get(i), 0, flat, i * o, o);
        double best = Double.NaN;
        try (NDManager m = NDManager.newBaseManager(); NDArray x = OwnedArrays.of(m, flat, new Shape(n, o))) {
            int[] lab; try (var r = new KMeans(4, 0).fit(x)) { lab = r.labels().toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray(); }
            String[] ls = Arrays.stream(lab).mapToObj(Integer::toString).toArray(String[]::new);
            best = ClusteringScores.adjustedRandIndex(truth.toArray(String[]::new), ls);
        }
        System.out.printf("domains ARI %.3f (per panel%s) | kmeans(latent) ARI %.3f | leaves used %d%n",
                ClusteringScores.adjustedRandIndex(truth.toArray(String[]::new), dom.toArray(String[]::new)), per, best,
                new HashSet<>(leaves).size());
    }
}
