package io.github.cryptocloudwithdrawals.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * One measurement's results: a BENCHMARKS.md section (between its own markers, so other sections
 * of the file, written by hand or by another tool, are left alone) and the goals it was held to.
 */
final class Section {

    /** A figure held to a goal. A hard goal is an invariant: missing it fails the run (exit code 1). */
    record Check(String figure, String value, String goal, boolean met, boolean hard) {
    }

    final String id;
    final String title;
    private final StringBuilder body = new StringBuilder();
    final List<Check> checks = new ArrayList<>();

    Section(String id, String title) {
        this.id = id;
        this.title = title;
    }

    Section line(String text) {
        body.append(text).append('\n');
        return this;
    }

    Section line(String format, Object... args) {
        return line(String.format(java.util.Locale.ROOT, format, args));
    }

    Section blank() {
        return line("");
    }

    Section check(String figure, String value, String goal, boolean met) {
        checks.add(new Check(figure, value, goal, met, false));
        return this;
    }

    Section mustHold(String figure, String value, String goal, boolean met) {
        checks.add(new Check(figure, value, goal, met, true));
        return this;
    }

    /** The markdown between the section's markers: the goals table first, then the details. */
    String markdown() {
        StringBuilder text = new StringBuilder();
        if (!checks.isEmpty()) {
            text.append("| figure | measured | goal | |\n|---|---|---|---|\n");
            for (Check check : checks) {
                text.append("| ").append(check.figure()).append(" | ").append(check.value()).append(" | ")
                        .append(check.goal()).append(" | ").append(check.met() ? "met" : (check.hard() ? "**FAILED**" : "not met"))
                        .append(" |\n");
            }
            text.append('\n');
        }
        text.append(body);
        return text.toString().stripTrailing() + "\n";
    }
}
