package io.github.cryptocloudwithdrawals.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes sections into BENCHMARKS.md. Each section lives between
 * {@code <!-- bench:ID:begin -->} and {@code <!-- bench:ID:end -->}: a run replaces only the
 * sections it measured, and whatever else the file holds (another tool's section, prose) stays.
 */
final class Report {

    private Report() {
    }

    static void write(Path file, List<Section> sections) throws IOException {
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
        for (Section section : sections) {
            text = replace(text, section);
        }
        Files.writeString(file, text.stripTrailing() + "\n", StandardCharsets.UTF_8);
    }

    static String replace(String text, Section section) {
        String begin = "<!-- bench:" + section.id + ":begin -->";
        String end = "<!-- bench:" + section.id + ":end -->";
        String block = begin + "\n" + section.markdown() + end;
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            return text.substring(0, from) + block + text.substring(to + end.length());
        }
        return text.stripTrailing() + "\n\n" + (section.title == null ? "" : "## " + section.title + "\n\n") + block + "\n";
    }
}
