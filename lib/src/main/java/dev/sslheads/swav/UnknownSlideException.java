package dev.sslheads.swav;

import java.util.Collection;
import java.util.stream.Collectors;

/** A slide id that the head's queue does not know (novae raises KeyError; so do the bindings). */
public final class UnknownSlideException extends IllegalArgumentException {
    private static final int SHOWN = 5;

    UnknownSlideException(String slideId, Collection<String> known) {
        super("slideId '" + slideId + "' is not in the slide queue; known slide ids (" + known.size() + "): "
                + known.stream().limit(SHOWN).map(s -> "'" + s + "'").collect(Collectors.joining(", "))
                + (known.size() > SHOWN ? ", ..." : ""));
    }
}
