package dev.sslheads.novae.model;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.novae.SpatialNeighbors;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.StringColumn;

/**
 * novae's {@code reference} argument (spec §4.2 {@code get_reference}): which cells' latents define the
 * k-means prototypes of zero-shot inference and of {@code fine_tune}. {@code "all"}: every cell;
 * {@code "largest"}: the slide ({@code obs["novae_sid"]}) with most cells (the first on ties, where upstream
 * fails comparing AnnData); slide ids; or AnnData indices.
 */
public final class Reference {
    /** Every cell of every AnnData. */
    public static final Reference ALL = new Reference(Kind.ALL, List.of(), List.of());
    /** The slide with most cells. */
    public static final Reference LARGEST = new Reference(Kind.LARGEST, List.of(), List.of());

    private enum Kind { ALL, LARGEST, SLIDES, INDICES }

    private final Kind kind;
    private final List<String> slides;
    private final List<Integer> indices;

    private Reference(Kind kind, List<String> slides, List<Integer> indices) {
        this.kind = kind;
        this.slides = slides;
        this.indices = indices;
    }

    /** The cells of these slide ids. */
    public static Reference slides(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw new IllegalArgumentException("reference must name at least one slide id, got " + ids);
        }
        return new Reference(Kind.SLIDES, List.copyOf(ids), List.of());
    }

    /** The cells of the AnnData at these positions of the list given. */
    public static Reference adatas(List<Integer> positions) {
        if (positions == null || positions.isEmpty()) {
            throw new IllegalArgumentException("reference must name at least one AnnData index, got " + positions);
        }
        return new Reference(Kind.INDICES, List.of(), List.copyOf(positions));
    }

    /**
     * Per AnnData, which cells belong to the reference.
     *
     * @throws IllegalArgumentException for a slide id found in no AnnData or an index outside the list
     */
    boolean[][] select(List<AnnData> adatas) {
        boolean[][] masks = new boolean[adatas.size()][];
        for (int a = 0; a < adatas.size(); a++) {
            masks[a] = new boolean[adatas.get(a).nObs()];
        }
        switch (kind) {
            case ALL -> {
                for (boolean[] mask : masks) {
                    java.util.Arrays.fill(mask, true);
                }
            }
            case LARGEST -> markSlides(adatas, masks, Set.of(largestSlide(adatas)));
            case SLIDES -> {
                Set<String> known = new LinkedHashSet<>();
                adatas.forEach(adata -> known.addAll(slideIds(adata).asSet()));
                for (String id : slides) {
                    if (!known.contains(id)) {
                        throw new IllegalArgumentException("reference slide '" + id + "' is not in obs['" + SpatialNeighbors.SLIDE_ID
                                + "'] of any AnnData; known slide ids: " + known);
                    }
                }
                markSlides(adatas, masks, new LinkedHashSet<>(slides));
            }
            case INDICES -> {
                for (int position : indices) {
                    if (position < 0 || position >= adatas.size()) {
                        throw new IllegalArgumentException("reference index must be in [0, " + adatas.size() + ") (one per AnnData given), got "
                                + position);
                    }
                    java.util.Arrays.fill(masks[position], true);
                }
            }
        }
        return masks;
    }

    private static String largestSlide(List<AnnData> adatas) {
        String best = null;
        int bestCount = -1;
        for (AnnData adata : adatas) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            StringColumn ids = slideIds(adata);
            for (int i = 0; i < ids.size(); i++) {
                counts.merge(ids.get(i), 1, Integer::sum);
            }
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (e.getValue() > bestCount) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
        }
        return best;
    }

    private static void markSlides(List<AnnData> adatas, boolean[][] masks, Set<String> chosen) {
        for (int a = 0; a < adatas.size(); a++) {
            StringColumn ids = slideIds(adatas.get(a));
            for (int i = 0; i < ids.size(); i++) {
                masks[a][i] = chosen.contains(ids.get(i));
            }
        }
    }

    private static StringColumn slideIds(AnnData adata) {
        if (!adata.obs().containsColumn(SpatialNeighbors.SLIDE_ID)) {
            throw new IllegalArgumentException("obs['" + SpatialNeighbors.SLIDE_ID + "'] is missing: run novae.spatial_neighbors first");
        }
        return (StringColumn) adata.obs().column(SpatialNeighbors.SLIDE_ID);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ALL -> "all";
            case LARGEST -> "largest";
            case SLIDES -> slides.toString();
            case INDICES -> indices.toString();
        };
    }
}
