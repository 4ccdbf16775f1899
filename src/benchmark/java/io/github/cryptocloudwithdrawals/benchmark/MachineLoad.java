package io.github.cryptocloudwithdrawals.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How much CPU other processes on this machine used while the benchmarks ran: the machine's busy
 * time (/proc/stat) minus this JVM's and its children's, sampled every 500 ms. The benchmarks share
 * 2 cores with whatever else runs; a figure measured while others were busy says so.
 */
final class MachineLoad {

    private static final long NANOS_PER_JIFFY = 10_000_000L; // USER_HZ = 100 on Linux
    private static final List<long[]> SAMPLES = new ArrayList<>(); // {nanoTime, cumulative others' CPU nanos}
    private static final Map<Long, Long> LAST_CPU = new HashMap<>();
    private static long departedCpu;
    private static Thread sampler;

    private MachineLoad() {
    }

    static synchronized void start() {
        if (sampler != null || !Files.isReadable(Path.of("/proc/stat"))) {
            return;
        }
        long machine0 = machineBusyNanos();
        long ours0 = ourCpuNanos();
        sampler = new Thread(() -> {
            while (true) {
                long others = Math.max(0, (machineBusyNanos() - machine0) - (ourCpuNanos() - ours0));
                synchronized (MachineLoad.class) {
                    SAMPLES.add(new long[]{System.nanoTime(), others});
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-machine-load");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Cores other processes kept busy on average between the two times (nanoTime); NaN when unknown. */
    static synchronized double othersCores(long fromNanos, long toNanos) {
        long[] first = null;
        long[] last = null;
        for (long[] sample : SAMPLES) {
            if (sample[0] >= fromNanos && first == null) {
                first = sample;
            }
            if (sample[0] <= toNanos) {
                last = sample;
            }
        }
        if (first == null || last == null || last[0] <= first[0]) {
            return Double.NaN;
        }
        return (last[1] - first[1]) / (double) (last[0] - first[0]);
    }

    private static long machineBusyNanos() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int i : new int[]{1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy * NANOS_PER_JIFFY;
        } catch (Exception e) {
            return 0;
        }
    }

    /** This JVM's CPU plus its live children's; a child that exited keeps its last seen CPU. */
    private static synchronized long ourCpuNanos() {
        Map<Long, Long> now = new HashMap<>();
        ProcessHandle self = ProcessHandle.current();
        now.put(self.pid(), cpu(self));
        self.descendants().forEach(child -> now.put(child.pid(), cpu(child)));
        for (Map.Entry<Long, Long> previous : LAST_CPU.entrySet()) {
            if (!now.containsKey(previous.getKey())) {
                departedCpu += previous.getValue();
            }
        }
        LAST_CPU.clear();
        LAST_CPU.putAll(now);
        return departedCpu + now.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
