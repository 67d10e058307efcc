package dev.sslheads.kernel;

import com.google.gson.JsonObject;
import java.util.function.Consumer;
import java.util.function.Function;
import org.graalvm.polyglot.Value;

/**
 * What {@code display(obj)} and {@code clear_output(wait)} in a cell call: renders the value to a
 * mime bundle and hands it to the kernel, which publishes it for the running request.
 */
public final class CellDisplay {
    private final Function<Value, JsonObject> render;
    private final Consumer<JsonObject> publishDisplay;
    private final Consumer<Boolean> publishClear;

    CellDisplay(Function<Value, JsonObject> render, Consumer<JsonObject> publishDisplay, Consumer<Boolean> publishClear) {
        this.render = render;
        this.publishDisplay = publishDisplay;
        this.publishClear = publishClear;
    }

    /** Shows {@code value} as a display_data output. */
    public void display(Value value) {
        publishDisplay.accept(render.apply(value));
    }

    /** Clears the cell's output; with {@code wait}, when the next output arrives. */
    public void clearOutput(boolean wait) {
        publishClear.accept(wait);
    }
}
