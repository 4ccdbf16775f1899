package io.github.cryptocloudwithdrawals.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The user's documentation as the tests read it: the README (the door) and the manual's pages in
 * {@code docs/}. Tests that hold a table or a command of the documentation to the code read it here.
 */
public final class Manual {

    public static final Path README = Path.of("README.md");
    public static final Path DOCS = Path.of("docs");

    private Manual() {
    }

    /** A page of the manual, e.g. {@code cryptocloud-api.md}. */
    public static Path page(String name) {
        return DOCS.resolve(name);
    }

    /** The README, then every page of the manual, in name order. */
    public static List<Path> files() {
        List<Path> files = new ArrayList<>(List.of(README));
        try (Stream<Path> pages = Files.list(DOCS)) {
            pages.filter(page -> page.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    public static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> lines(Path file) {
        return List.of(text(file).split("\n", -1));
    }

    /** The README and every page, one after the other. */
    public static String allText() {
        StringBuilder all = new StringBuilder();
        files().forEach(file -> all.append(text(file)).append('\n'));
        return all.toString();
    }
}
