package dev.sslheads.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The machine and software a benchmark run measured, as "key: value" lines for the report header. */
final class MachineInfo {
    private MachineInfo() {}

    static List<String> lines(int threads, Device device, JsonObject python) {
        List<String> lines = new ArrayList<>();
        lines.add("date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)));
        lines.add("CPU: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM");
        lines.add("RAM: " + memTotal());
        lines.add("JDK: " + System.getProperty("java.vm.vendor") + " " + Runtime.version() + " (" + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + ")");
        lines.add("DJL: " + Engine.getDjlVersion() + ", engine " + Engine.getInstance().getEngineName() + " "
                + Engine.getInstance().getVersion() + ", device " + device + ", intra-op threads " + threads
                + ", inter-op threads " + System.getProperty("ai.djl.pytorch.num_interop_threads", "default"));
        if (python != null) {
            lines.add(String.format(Locale.ROOT, "reference: %s (python %s): torch %s, numpy %s, scipy %s, scikit-learn %s, torch threads %s",
                    ReferenceRunner.PYTHON, str(python, "python"), str(python, "torch"), str(python, "numpy"), str(python, "scipy"),
                    str(python, "sklearn"), str(python, "torch_threads")));
        } else {
            lines.add("reference: not run");
        }
        return lines;
    }

    private static String str(JsonObject o, String key) {
        return o.has(key) ? o.get(key).getAsString() : "?";
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException ignored) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch") + " (model unknown)";
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux: fall through
        }
        return "unknown";
    }

    /** Resident memory of this process in bytes (VmRSS of /proc/self/status), or -1. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux
        }
        return -1;
    }
}
