package dev.sslheads.anndata;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * A named collection of matrices aligned with AnnData's axes: {@code obsm} and {@code varm}
 * (first axis = cells or genes), {@code obsp} and {@code varp} (both axes), {@code layers} (the
 * shape of {@code X}). {@link #put} checks the alignment; {@link #get} of an absent key throws
 * {@link NoSuchElementException} naming it (Python's {@code KeyError}). Insertion order is kept.
 */
public final class AxisArrays extends AbstractMap<String, Matrix> {
    /** Which axes the entries are aligned with. */
    public enum Alignment {
        OBSM("obsm"), VARM("varm"), OBSP("obsp"), VARP("varp"), LAYERS("layers");

        private final String field;

        Alignment(String field) {
            this.field = field;
        }

        /** The AnnData field name. */
        public String field() {
            return field;
        }
    }

    private final Alignment alignment;
    private final IntSupplier nObs;
    private final IntSupplier nVars;
    private final Map<String, Matrix> entries = new LinkedHashMap<>();

    AxisArrays(Alignment alignment, IntSupplier nObs, IntSupplier nVars) {
        this.alignment = alignment;
        this.nObs = nObs;
        this.nVars = nVars;
    }

    public Alignment alignment() {
        return alignment;
    }

    /**
     * Adds or replaces {@code key}.
     *
     * @throws IllegalArgumentException if the key is empty or holds '/', or the matrix is not aligned
     */
    @Override
    public Matrix put(String key, Matrix value) {
        if (key == null || key.isEmpty() || key.contains("/")) {
            throw new IllegalArgumentException(alignment.field() + " key must be a non-empty name without '/', got '" + key + "'");
        }
        if (value == null) {
            throw new IllegalArgumentException(alignment.field() + "['" + key + "'] must be a matrix, got null");
        }
        checkAligned(key, value);
        return entries.put(key, value);
    }

    private void checkAligned(String key, Matrix value) {
        long[] shape = value.shape();
        int obs = nObs.getAsInt();
        int vars = nVars.getAsInt();
        String expected = switch (alignment) {
            case OBSM -> shape.length >= 1 && shape[0] == obs ? null : "(" + obs + ", ...)";
            case VARM -> shape.length >= 1 && shape[0] == vars ? null : "(" + vars + ", ...)";
            case OBSP -> Arrays.equals(shape, new long[] {obs, obs}) ? null : "(" + obs + ", " + obs + ")";
            case VARP -> Arrays.equals(shape, new long[] {vars, vars}) ? null : "(" + vars + ", " + vars + ")";
            case LAYERS -> Arrays.equals(shape, new long[] {obs, vars}) ? null : "(" + obs + ", " + vars + ")";
        };
        if (expected != null) {
            throw new IllegalArgumentException(alignment.field() + "['" + key + "'] must have shape " + expected + ", got "
                    + Arrays.toString(shape).replace('[', '(').replace(']', ')'));
        }
    }

    /**
     * The matrix under {@code key}.
     *
     * @throws NoSuchElementException naming the key and the keys present
     */
    @Override
    public Matrix get(Object key) {
        Matrix value = entries.get(key);
        if (value == null) {
            throw new NoSuchElementException(alignment.field() + " has no key '" + key + "'; keys are " + entries.keySet());
        }
        return value;
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Matrix remove(Object key) {
        return entries.remove(key);
    }

    @Override
    public Set<Entry<String, Matrix>> entrySet() {
        return Collections.unmodifiableMap(entries).entrySet();
    }

    /** Copies every entry of {@code source} into this (checked). */
    void putAllChecked(Map<String, Matrix> source) {
        source.forEach(this::put);
    }
}
