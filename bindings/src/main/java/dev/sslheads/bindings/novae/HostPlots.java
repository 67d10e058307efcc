package dev.sslheads.bindings.novae;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.novae.model.Novae;
import dev.sslheads.novae.plot.DomainsPlot;
import dev.sslheads.novae.plot.DomainsProportionsPlot;
import dev.sslheads.novae.plot.Figure;
import dev.sslheads.novae.plot.NovaePlots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The host side of GraalPy's and GraalJS's {@code novae.plot} functions and the model's plot methods: guest values
 * (lists, optional numbers) to {@code dev.sslheads.novae.plot}, and the PNG a script asks for. Where a figure goes
 * (a notebook cell, {@code save}, or scanpy's {@code figures/} folder) is the guest package's choice.
 */
public final class HostPlots {
    private HostPlots() {}

    /** {@code novae.plot.domains(adata, obs_key, slide_name_key, cell_size, ncols, fig_size_per_slide)}. */
    public static Figure domains(List<AnnData> adatas, String obsKey, String slideNameKey, Double cellSize, int ncols,
                                 List<Double> figSizePerSlide) {
        return DomainsPlot.render(adatas, new DomainsPlot.Options(obsKey, slideNameKey, cellSize, ncols, pair("fig_size_per_slide",
                figSizePerSlide)));
    }

    /** {@code novae.plot.domains_proportions(adata, obs_key, slide_name_key, figsize)}. */
    public static Figure domainsProportions(List<AnnData> adatas, String obsKey, String slideNameKey, List<Double> figsize) {
        return DomainsProportionsPlot.render(adatas, obsKey, slideNameKey, pair("figsize", figsize));
    }

    /** {@code model.plot_domains_hierarchy(max_level, hline_level, leaf_font_size)}. */
    public static Figure domainsHierarchy(Novae model, int maxLevel, List<Integer> hlineLevels, int leafFontSize) {
        return NovaePlots.domainsHierarchy(model, maxLevel, hlineLevels.stream().mapToInt(Integer::intValue).toArray(), leafFontSize);
    }

    /** {@code model.plot_prototype_weights(assign_zeros)}. */
    public static Figure prototypeWeights(Novae model, boolean assignZeros) {
        return NovaePlots.prototypeWeights(model, assignZeros);
    }

    /** {@code save=path}: writes the figure's PNG there (atomically) and returns the absolute path. */
    public static String save(Figure figure, String path) throws IOException {
        return figure.save(Path.of(path)).toString();
    }

    private static double[] pair(String name, List<Double> values) {
        if (values == null || values.size() != 2) {
            throw new IllegalArgumentException(name + " must be (width, height) in inches, got " + values);
        }
        return new double[] {values.get(0), values.get(1)};
    }
}
