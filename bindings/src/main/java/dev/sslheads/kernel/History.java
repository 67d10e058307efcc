package dev.sslheads.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The inputs (and text outputs) of the cells run with {@code store_history}, for
 * {@code history_request}: tail, range and search (a glob, as IPython's), in session {@link #SESSION}.
 */
final class History {
    static final int SESSION = 1;
    private final List<Entry> entries = new ArrayList<>();

    record Entry(int line, String input, String output) {}

    void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    /** history_reply's {@code history} for a request's content. */
    JsonArray query(JsonObject request) {
        boolean output = request.has("output") && request.get("output").getAsBoolean();
        String type = request.has("hist_access_type") ? request.get("hist_access_type").getAsString() : "tail";
        int n = request.has("n") && !request.get("n").isJsonNull() ? request.get("n").getAsInt() : entries.size();
        List<Entry> selected = switch (type) {
            case "range" -> range(request);
            case "search" -> search(request, n);
            default -> entries.subList(Math.max(0, entries.size() - n), entries.size());
        };
        JsonArray history = new JsonArray();
        for (Entry e : selected) {
            JsonArray row = new JsonArray();
            row.add(SESSION);
            row.add(e.line());
            if (output) {
                JsonArray io = new JsonArray();
                io.add(e.input());
                if (e.output() == null) {
                    io.add(JsonNull.INSTANCE);
                } else {
                    io.add(e.output());
                }
                row.add(io);
            } else {
                row.add(e.input());
            }
            history.add(row);
        }
        return history;
    }

    private List<Entry> range(JsonObject request) {
        int session = request.has("session") ? request.get("session").getAsInt() : 0;
        if (session > 0 && session != SESSION) {
            return List.of();
        }
        int start = request.has("start") ? request.get("start").getAsInt() : 0;
        int stop = request.has("stop") && !request.get("stop").isJsonNull() ? request.get("stop").getAsInt() : Integer.MAX_VALUE;
        return entries.stream().filter(e -> e.line() >= start && e.line() < stop).toList();
    }

    private List<Entry> search(JsonObject request, int n) {
        Pattern glob = glob(request.has("pattern") ? request.get("pattern").getAsString() : "*");
        boolean unique = request.has("unique") && request.get("unique").getAsBoolean();
        List<Entry> found = entries.stream().filter(e -> glob.matcher(e.input()).matches()).toList();
        if (unique) {
            Map<String, Entry> latest = new LinkedHashMap<>();
            for (Entry e : found) {
                latest.remove(e.input());
                latest.put(e.input(), e);
            }
            found = List.copyOf(latest.values());
        }
        return found.subList(Math.max(0, found.size() - n), found.size());
    }

    /** A glob ({@code *}, {@code ?}, {@code [...]}) as a regex over the whole text. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[' -> {
                    int close = glob.indexOf(']', i + 1);
                    if (close < 0) {
                        regex.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, close);
                        String body = (set.startsWith("!") ? "^" + set.substring(1) : set).replace("\\", "\\\\").replace("[", "\\[");
                        regex.append('[').append(body).append(']');
                        i = close;
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
