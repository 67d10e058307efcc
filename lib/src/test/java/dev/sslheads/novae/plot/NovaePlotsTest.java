package dev.sslheads.novae.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.cluster.AverageLinkage;
import dev.sslheads.cluster.Dendrogram;
import dev.sslheads.novae.SpatialNeighbors;
import dev.sslheads.novae.data.ToyDataset;
import dev.sslheads.novae.data.ToySettings;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.StringColumn;

/** The plots as a user sees them: size, one distinct colour per domain, drawn and in the legend; PNGs that open. */
class NovaePlotsTest {
    /** Where the rendered PNGs are kept for a look (the build's folder, not cleaned by the test). */
    private static final Path SHOWN = Path.of("target", "plots");

    @TempDir
    Path dir;

    /** Two toy panels (xmax 200: 2 x 4 rings) whose true domains stand in for novae's, cell 3 of each without one. */
    private static List<AnnData> panels() {
        ToySettings settings = new ToySettings(2, 4, 1, 200, 100, 20, 20, 5, 1.5, 2.0, true, false, false, 0L);
        List<AnnData> panels = ToyDataset.generate(settings);
        SpatialNeighbors.compute(panels, SpatialNeighbors.Options.DEFAULTS.withSlideKey("slide_key"));
        for (AnnData panel : panels) {
            StringColumn domains = StringColumn.create("novae_domains_4");
            for (int i = 0; i < panel.nObs(); i++) {
                domains.append(i == 3 ? null : panel.obs().column("domain").getString(i));
            }
            panel.obs().addColumns(domains);
        }
        return panels;
    }

    @Test
    void domainsDrawEachDomainInItsOwnColourWithALegendEntry() throws Exception {
        List<AnnData> panels = panels();
        Figure figure = DomainsPlot.render(panels, DomainsPlot.Options.DEFAULTS.withSlideNameKey("slide_key"));
        keep(figure, "domains.png");
        BufferedImage image = figure.image();
        assertTrue(image.getWidth() > 1000, "two 500-px panels side by side, then the legend");
        assertEquals(500, image.getHeight());
        assertEquals(List.of("domain_0", "domain_1", "domain_2", "domain_3", "no domain (invalid cells)"),
                List.copyOf(figure.legend().keySet()));
        assertEquals(Palette.NA, figure.legend().get("no domain (invalid cells)"));
        assertEquals(5, new HashSet<>(figure.legend().values()).size(), "distinct colours");
        Set<Integer> drawn = colours(image);
        figure.legend().values().forEach(c -> assertTrue(drawn.contains(c.getRGB()), "colour " + Palette.hex(c) + " is drawn"));
        Set<Integer> legend = colours(image.getSubimage(1000, 0, image.getWidth() - 1000, image.getHeight()));
        figure.legend().values().forEach(c -> assertTrue(legend.contains(c.getRGB()), "legend entry " + Palette.hex(c)));
        assertEquals(new Color(0x1f77b4), figure.legend().get("domain_0"), "tab10 as novae");
    }

    @Test
    void defaultKeyIsTheLatestDomainsColumnAndBadInputIsNamed() {
        List<AnnData> panels = panels();
        for (AnnData panel : panels) {
            panel.obs().addColumns(panel.obs().stringColumn("novae_domains_4").copy().setName("novae_domains_7"));
        }
        assertEquals("novae_domains_7", DomainsData.of(panels, null, null).obsKey());
        assertEquals("obs_key must start with 'novae_domains_', got 'domain'",
                assertThrows(IllegalArgumentException.class, () -> DomainsData.of(panels, "domain", null)).getMessage());
        assertEquals("adata[0].obs has no column 'novae_domains_3': run assign_domains first",
                assertThrows(IllegalArgumentException.class, () -> DomainsData.of(panels, "novae_domains_3", null)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DomainsData.of(panels, null, "domain")).getMessage()
                .startsWith("slide_name_key 'domain' must be constant within each slide"));
        assertThrows(IllegalArgumentException.class, () -> new DomainsPlot.Options(null, null, null, 0, new double[] {5, 5}));
        assertThrows(IllegalArgumentException.class, () -> new DomainsPlot.Options(null, null, -1.0, 4, new double[] {5, 5}));
    }

    @Test
    void proportionsStackEveryDomainPerSlide() throws Exception {
        Figure figure = DomainsProportionsPlot.render(panels(), null, "slide_key", new double[] {2, 5});
        keep(figure, "domains_proportions.png");
        assertEquals(360, figure.image().getWidth());
        assertEquals(500, figure.image().getHeight());
        assertEquals(List.of("domain_0", "domain_1", "domain_2", "domain_3"), List.copyOf(figure.legend().keySet()));
        Set<Integer> drawn = colours(figure.image());
        figure.legend().values().forEach(c -> assertTrue(drawn.contains(c.getRGB()), "bar colour " + Palette.hex(c)));
    }

    @Test
    void hierarchyDrawsTheTopMergesAndMarkedLevels() throws Exception {
        Dendrogram tree = AverageLinkage.fit(randomRows(16, 8, 1));
        Figure figure = DomainsHierarchyPlot.render(tree, 5, new int[] {3}, 8);
        keep(figure, "domains_hierarchy.png");
        assertEquals(800, figure.image().getWidth());
        assertTrue(colours(figure.image()).contains(Color.RED.getRGB()), "the dashed level line");
        assertEquals("max_level must be > 1, got 1",
                assertThrows(IllegalArgumentException.class, () -> DomainsHierarchyPlot.render(tree, 1, new int[0], 8)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DomainsHierarchyPlot.render(tree, 5, new int[] {6}, 8));
        int[] order = NovaePlots.leafOrder(tree);
        int[] sorted = order.clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(java.util.stream.IntStream.range(0, 16).toArray(), sorted, "every prototype once");
    }

    @Test
    void prototypeWeightsZeroAsNovaeDoes() throws Exception {
        float[] thresholds = {0.5f, 0.5f, 0.5f, 0.5f};
        float[][] weights = {{0.9f, 0.1f, 0.6f, 0.2f}, {0.1f, 0.3f, 0.2f, 0.05f}};
        float[][] zeroed = PrototypeWeightsPlot.zeroBelowThresholds(weights, thresholds, 2);
        assertArrayEquals(new float[] {0.9f, 0f, 0.6f, 0f}, zeroed[0], "2 pass: every one below is zeroed");
        assertArrayEquals(new float[] {0f, 0.3f, 0.2f, 0f}, zeroed[1], "none pass: the K - min_prototypes lowest are zeroed");
        assertEquals(0.1f, weights[1][0], "the input is unchanged");
        Figure figure = PrototypeWeightsPlot.render(weights, thresholds, 2, List.of("slide_a", "slide_b"), new int[] {2, 0, 1, 3}, true);
        keep(figure, "prototype_weights.png");
        assertEquals(800, figure.image().getWidth());
        assertThrows(IllegalArgumentException.class,
                () -> PrototypeWeightsPlot.render(weights, thresholds, 2, List.of("a", "b"), new int[] {0, 0, 1, 3}, true));
    }

    @Test
    void saveWritesAPngAtomicallyAndRejectsOtherNames() throws Exception {
        Figure figure = DomainsProportionsPlot.render(panels(), null, null, new double[] {2, 5});
        Path out = figure.save(dir.resolve("p.png"));
        BufferedImage back = ImageIO.read(out.toFile());
        assertEquals(figure.image().getWidth(), back.getWidth());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(out.getFileName()), files.map(Path::getFileName).toList(), "no temporary file left");
        }
        assertEquals("save must be a .png path, got '" + dir.resolve("p.jpg") + "'",
                assertThrows(IllegalArgumentException.class, () -> figure.save(dir.resolve("p.jpg"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> figure.save(dir.resolve("missing").resolve("p.png")));
    }

    private static Set<Integer> colours(BufferedImage image) {
        Set<Integer> out = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                out.add(image.getRGB(x, y));
            }
        }
        return out;
    }

    private static float[][] randomRows(int rows, int columns, long seed) {
        Random random = new Random(seed);
        float[][] out = new float[rows][columns];
        for (float[] row : out) {
            for (int j = 0; j < columns; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return out;
    }

    private static void keep(Figure figure, String name) throws Exception {
        Files.createDirectories(SHOWN);
        figure.save(SHOWN.resolve(name));
    }
}
