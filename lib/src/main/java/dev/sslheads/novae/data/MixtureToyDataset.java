package dev.sslheads.novae.data;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.Concat;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Frame;
import dev.sslheads.preprocessing.AnnDataPreprocessing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A harder toy than {@link ToyDataset}, where a cell's own expression does not tell its domain but the
 * composition of its neighbourhood does, and where slides differ by strong gene batch effects. k-means on a
 * cell's expression finds cell types; on the neighbour average of {@code X} it finds slides, since the
 * per-slide gene factors outweigh the domains; undoing them (novae standardises each gene per slide) and
 * reading the neighbourhood's composition recovers the domains. With one patch per domain each domain is
 * one convex region of a slide (a Voronoi cell cut by the disc).
 *
 * <p>Generative model (all draws from one {@link SplittableRandom} seeded by {@link MixtureToySettings#seed()},
 * in this order):
 * <ol>
 *   <li>Cell types: gene base levels {@code b_g ~ N(0, 1)} and log folds {@code f_tg ~ N(0, typeLogFoldSd²)};
 *       type t's profile {@code p_t = softmax_g(b_g + f_tg)} (sums to 1 over the genes).</li>
 *   <li>Domain d is an equal mix of the types {@code d, ..., d+typesPerDomain-1} (mod nCellTypes): with the
 *       defaults every type lies in two domains in equal parts.</li>
 *   <li>Per panel p: its genes, {@code nVars - nDrop - p} of nVars without replacement, in random order.</li>
 *   <li>Per slide of the panel: the grid disc of {@link ToyDataset#grid} shifted by {@code p + s} (as novae's
 *       toy); {@code nDomains * patchesPerDomain} patch centres drawn uniformly in the disc at least
 *       {@code xmax / sqrt(patches)} apart; a random permutation gives each domain {@code patchesPerDomain}
 *       patches; each cell belongs to its nearest centre's domain (Voronoi). Batch effects per gene: a
 *       factor {@code m_g = exp(N(0, batchLogSd²))} and an ambient level {@code a_g ~ Exp(mean ambientLevel / nVars)}.
 *       Per cell: a type drawn uniformly from its domain's types, a library size
 *       {@code L = countsPerCell · exp(N(0, librarySizeLogSd²))}, and counts {@code Poisson(L (m_g p_tg + a_g))}.</li>
 * </ol>
 * Output per panel, in {@link ToyDataset}'s layout: its slides concatenated, {@code layers["counts"]} (float64),
 * {@code X} = {@code normalize_total} + {@code log1p} (float32), obs {@code domain} ({@code domain_k}),
 * {@code cell_type} ({@code type_t}) and {@code slide_key} ({@code slide_{p}_{s}}), all categorical, cell names
 * {@code c_{p}_{s}_{i}}, obsm {@code spatial}. No spatial graph: run
 * {@link dev.sslheads.novae.SpatialNeighbors#compute} for novae.
 */
public final class MixtureToyDataset {
    private MixtureToyDataset() {}

    /** One AnnData per panel (see the class comment). */
    public static List<AnnData> generate(MixtureToySettings s) {
        SplittableRandom random = new SplittableRandom(s.seed());
        double[][] profiles = typeProfiles(random, s);
        List<String> genes = ToyDataset.geneNames(s.nVars());
        double[][] grid = ToyDataset.grid(s.xmax(), s.step());
        List<AnnData> panels = new ArrayList<>();
        for (int p = 0; p < s.nPanels(); p++) {
            int[] panelGenes = ToyDataset.choiceWithoutReplacement(random, s.nVars(), s.nVars() - s.nDrop() - p);
            List<AnnData> slides = new ArrayList<>();
            for (int sl = 0; sl < s.nSlidesPerPanel(); sl++) {
                slides.add(slide(random, s, profiles, grid, genes, p, sl).selectVars(panelGenes));
            }
            AnnData panel = Concat.concat(slides, null, null, null);
            panel.layers().put("counts", panel.X().copy());
            AnnDataPreprocessing.normalizeTotal(panel, null);
            AnnDataPreprocessing.log1p(panel, null);
            panels.add(panel);
        }
        return panels;
    }

    /** (nCellTypes, nVars) expression profiles, each summing to 1. */
    private static double[][] typeProfiles(SplittableRandom random, MixtureToySettings s) {
        double[] base = new double[s.nVars()];
        for (int g = 0; g < base.length; g++) {
            base[g] = random.nextGaussian();
        }
        double[][] profiles = new double[s.nCellTypes()][s.nVars()];
        for (double[] profile : profiles) {
            double total = 0;
            for (int g = 0; g < profile.length; g++) {
                profile[g] = Math.exp(base[g] + s.typeLogFoldSd() * random.nextGaussian());
                total += profile[g];
            }
            for (int g = 0; g < profile.length; g++) {
                profile[g] /= total;
            }
        }
        return profiles;
    }

    private static AnnData slide(SplittableRandom random, MixtureToySettings s, double[][] profiles, double[][] grid,
                                 List<String> genes, int p, int sl) {
        int n = grid.length;
        int nVars = s.nVars();
        int[] domain = voronoiDomains(random, s, grid);
        double[] factor = new double[nVars];
        double[] ambient = new double[nVars];
        for (int g = 0; g < nVars; g++) {
            factor[g] = Math.exp(s.batchLogSd() * random.nextGaussian());
            ambient[g] = s.ambientLevel() / nVars * random.nextExponential();
        }
        double[] counts = new double[n * nVars];
        String[] domainNames = new String[n];
        String[] typeNames = new String[n];
        List<String> names = new ArrayList<>(n);
        double[] spatial = new double[2 * n];
        for (int i = 0; i < n; i++) {
            int type = (domain[i] + random.nextInt(s.typesPerDomain())) % s.nCellTypes();
            double library = s.countsPerCell() * Math.exp(s.librarySizeLogSd() * random.nextGaussian());
            for (int g = 0; g < nVars; g++) {
                counts[i * nVars + g] = PoissonSampler.draw(random, library * (factor[g] * profiles[type][g] + ambient[g]));
            }
            domainNames[i] = "domain_" + domain[i];
            typeNames[i] = "type_" + type;
            names.add("c_" + p + "_" + sl + "_" + i);
            spatial[2 * i] = grid[i][0] + p + sl;
            spatial[2 * i + 1] = grid[i][1] + p + sl;
        }
        String slideKey = "slide_" + p + "_" + sl;
        Table obs = Table.create("obs", StringColumn.create("domain", domainNames), StringColumn.create("cell_type", typeNames),
                StringColumn.create("slide_key", Collections.nCopies(n, slideKey)));
        Frame obsFrame = new Frame(obs, names, null);
        for (String column : List.of("domain", "cell_type", "slide_key")) {
            obsFrame.setCategorical(column, Frame.sortedCategories(obs.stringColumn(column)), false);
        }
        AnnData adata = new AnnData(DenseArray.of(counts, n, nVars), obsFrame, new Frame(Table.create("var"), genes, null));
        adata.obsm().put("spatial", DenseArray.of(spatial, n, 2));
        return adata;
    }

    /** Each grid cell's domain: that of its nearest patch centre. */
    private static int[] voronoiDomains(SplittableRandom random, MixtureToySettings s, double[][] grid) {
        int patches = s.nDomains() * s.patchesPerDomain();
        double[][] centres = patchCentres(random, patches, s.xmax());
        int[] order = ToyDataset.choiceWithoutReplacement(random, patches, patches);
        int[] domain = new int[grid.length];
        for (int i = 0; i < grid.length; i++) {
            int nearest = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < patches; c++) {
                double dx = grid[i][0] - centres[c][0];
                double dy = grid[i][1] - centres[c][1];
                double d = dx * dx + dy * dy;
                if (d < best) {
                    best = d;
                    nearest = c;
                }
            }
            domain[i] = order[nearest] % s.nDomains();
        }
        return domain;
    }

    /**
     * {@code count} points uniform in the disc of radius {@code xmax}, each at least {@code xmax / sqrt(count)}
     * from the earlier ones (dart throwing; the discs of half that radius cover a quarter of the disc, far below
     * the ~55 % where dart throwing jams, so it ends quickly).
     */
    private static double[][] patchCentres(SplittableRandom random, int count, int xmax) {
        double separation = xmax / Math.sqrt(count);
        double[][] centres = new double[count][];
        int placed = 0;
        while (placed < count) {
            double r = xmax * Math.sqrt(random.nextDouble());
            double angle = 2 * Math.PI * random.nextDouble();
            double x = r * Math.cos(angle);
            double y = r * Math.sin(angle);
            boolean free = true;
            for (int c = 0; c < placed && free; c++) {
                free = Math.hypot(x - centres[c][0], y - centres[c][1]) >= separation;
            }
            if (free) {
                centres[placed++] = new double[] {x, y};
            }
        }
        return centres;
    }
}
