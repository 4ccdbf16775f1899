package io.github.cryptocloudwithdrawals.benchmark;

import java.util.ArrayList;
import java.util.List;

/** Slow clean-ups (graceful stops) run beside the next measurement; all are awaited before exit. */
final class Background {

    private static final List<Thread> RUNNING = new ArrayList<>();

    private Background() {
    }

    static synchronized void run(String name, Runnable task) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.err.println(name + " failed: " + e);
            }
        }, "bench-" + name);
        thread.setDaemon(true);
        thread.start();
        RUNNING.add(thread);
    }

    /** Waits for every background task, at most 60 s in all. */
    static synchronized void awaitAll() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (Thread thread : RUNNING) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        RUNNING.clear();
    }
}
