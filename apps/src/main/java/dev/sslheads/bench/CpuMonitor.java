package dev.sslheads.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine is with work that is not ours: the CPU time of the whole machine
 * ({@code /proc/stat}) minus that of this process and its waited-for children ({@code /proc/self/stat}),
 * as a percentage of all cores. Timings taken while it is high are not to be trusted; the report
 * shows it next to every row. Returns -1 where /proc is not available.
 */
final class CpuMonitor {
    private record Ticks(long busy, long total, long own) {}

    private final Ticks start;

    private CpuMonitor(Ticks start) {
        this.start = start;
    }

    /** Starts measuring now. */
    static CpuMonitor start() {
        return new CpuMonitor(read());
    }

    /** Background CPU since {@link #start()} (percent of all cores), or -1. */
    double backgroundPercent() {
        Ticks end = read();
        if (start == null || end == null || end.total() <= start.total()) {
            return -1;
        }
        long others = (end.busy() - start.busy()) - (end.own() - start.own());
        return Math.max(0, 100.0 * others / (end.total() - start.total()));
    }

    /**
     * Waits up to {@code maxSeconds} until a one-second window shows less than {@code percent}
     * background CPU; returns the last window's value (-1 without /proc).
     */
    static double waitForIdle(double percent, double maxSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
        double last;
        do {
            CpuMonitor window = start();
            Thread.sleep(1000);
            last = window.backgroundPercent();
        } while (last >= percent && System.nanoTime() < deadline);
        return last;
    }

    private static Ticks read() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += i < cpu.length ? Long.parseLong(cpu[i]) : 0;
            }
            long total = busy + Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // after the command: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return new Ticks(busy, total, own);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
