package dev.sslheads.kernel;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * What running a cell gave: its last expression's mime bundle ({@code null} for none), or an error
 * with Jupyter's ename, evalue and traceback lines.
 */
record CellResult(JsonObject result, String ename, String evalue, List<String> traceback) {

    static CellResult ok(JsonObject result) {
        return new CellResult(result, null, null, List.of());
    }

    static CellResult error(String ename, String evalue, List<String> traceback) {
        return new CellResult(null, ename, evalue, List.copyOf(traceback));
    }

    boolean isError() {
        return ename != null;
    }
}
