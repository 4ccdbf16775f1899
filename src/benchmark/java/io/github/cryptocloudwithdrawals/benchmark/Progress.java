package io.github.cryptocloudwithdrawals.benchmark;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** One line per step on the console, so a person watching knows what runs. */
final class Progress {

    private Progress() {
    }

    static void say(String format, Object... args) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  " + String.format(java.util.Locale.ROOT, format, args));
    }
}
