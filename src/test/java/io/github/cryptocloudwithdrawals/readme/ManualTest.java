package io.github.cryptocloudwithdrawals.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.Manual;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The README is a door, the manual's pages in docs/ hold the rest: the README stays short, every
 * page opens with its contents, and no link, to a file or to a heading, leads nowhere.
 */
class ManualTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6}) (.+)$");

    @Test
    void theReadmeIsADoorOfAtMostTwoHundredLines() {
        assertThat(Manual.lines(Manual.README)).hasSizeLessThanOrEqualTo(200);
    }

    /** The manual's pages, but its index (docs/README.md, a list of the pages). */
    static Stream<Path> pages() {
        return Manual.files().stream().filter(file -> !file.getFileName().toString().equals("README.md"));
    }

    static Stream<Path> documents() {
        return Stream.concat(Manual.files().stream(), Stream.of(Path.of("BENCHMARKS.md")));
    }

    @ParameterizedTest
    @MethodSource("pages")
    void everyPageOpensWithItsContents(Path page) {
        List<String> lines = Manual.lines(page);
        assertThat(lines.get(0)).as("its title").startsWith("# ");
        int contents = lines.indexOf("**Contents**");
        assertThat(contents).as("a contents list after the title and a short introduction").isBetween(1, 12);
        List<String> listed = new ArrayList<>();
        for (int i = contents + 2; i < lines.size() && lines.get(i).strip().startsWith("- ["); i++) {
            listed.add(lines.get(i));
        }
        List<String> expected = headings(lines).stream().filter(h -> h.level() == 2 || h.level() == 3)
                .map(h -> "  ".repeat(h.level() - 2) + "- [" + h.text() + "](#" + slug(h.text()) + ")").toList();
        List<String> topLevel = expected.stream().filter(entry -> entry.startsWith("- ")).toList();
        assertThat(listed).as("the contents of " + page).isNotEmpty().isSubsetOf(expected).containsAll(topLevel);
    }

    @ParameterizedTest
    @MethodSource("documents")
    void everyLinkLeadsToAFileAndAHeadingThatExist(Path document) {
        List<String> broken = new ArrayList<>();
        Matcher link = LINK.matcher(Manual.text(document));
        while (link.find()) {
            String target = link.group(1);
            if (target.matches("^[a-z]+:.*")) {
                continue;
            }
            int hash = target.indexOf('#');
            String file = hash < 0 ? target : target.substring(0, hash);
            Path linked = file.isEmpty() ? document : document.resolveSibling(file).normalize();
            if (!Files.exists(linked)) {
                broken.add(target + " (no such file)");
            } else if (hash >= 0 && !anchors(linked).contains(target.substring(hash + 1))) {
                broken.add(target + " (no such heading)");
            }
        }
        assertThat(broken).as("links of " + document).isEmpty();
    }

    private record Heading(int level, String text) {
    }

    private static List<Heading> headings(List<String> lines) {
        List<Heading> headings = new ArrayList<>();
        boolean code = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                code = !code;
            }
            Matcher heading = HEADING.matcher(line);
            if (!code && heading.matches()) {
                headings.add(new Heading(heading.group(1).length(), heading.group(2)));
            }
        }
        return headings;
    }

    private static Set<String> anchors(Path file) {
        Set<String> anchors = new HashSet<>();
        if (file.toString().endsWith(".md")) {
            headings(Manual.lines(file)).forEach(heading -> anchors.add(slug(heading.text())));
        }
        return anchors;
    }

    /** GitHub's anchor of a heading: lower case, punctuation but '-' and '_' dropped, spaces as '-'. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
    }
}
