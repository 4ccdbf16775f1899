package io.github.cryptocloudwithdrawals.readme;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.testsupport.Manual;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shell commands of the README and the manual, read from them and run as a user runs them: in bash. */
final class ReadmeShell {

    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL);

    private ReadmeShell() {
    }

    /** The commands of every bash block of the README and the manual's pages. */
    static List<String> commands() {
        List<String> commands = new ArrayList<>();
        Manual.files().forEach(file -> commands.addAll(commands(file)));
        return commands;
    }

    /** The commands of one file's bash blocks, their continued lines joined; comments left out. */
    static List<String> commands(Path file) {
        List<String> commands = new ArrayList<>();
        Matcher block = BASH_BLOCK.matcher(Manual.text(file));
        while (block.find()) {
            for (String command : block.group(1).replace("\\\n", " ").split("\n")) {
                if (!command.isBlank() && !command.strip().startsWith("#")) {
                    commands.add(command.strip());
                }
            }
        }
        return commands;
    }

    /** The one command that contains this text. */
    static String command(List<String> commands, String containing) {
        List<String> matching = commands.stream().filter(command -> command.contains(containing)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one README command with '" + containing + "', found " + matching);
        }
        return matching.get(0);
    }

    static boolean kcatInstalled() {
        try {
            Process version = new ProcessBuilder("kcat", "-V").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs the command as a shell would, its output line by line as on a terminal (not held in a buffer). */
    static Process bash(String command, Path output) throws IOException {
        return bash(command, output, null, null);
    }

    /**
     * @param environment the whole environment the command starts with (a user's shell: no settings
     *                    of the service); {@code null}: this JVM's
     * @param directory   where it runs; {@code null}: this JVM's working directory
     */
    static Process bash(String command, Path output, Map<String, String> environment, Path directory)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder("stdbuf", "-oL", "-eL", "bash", "-c", command)
                .redirectErrorStream(true).redirectOutput(output.toFile());
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        return builder.start();
    }

    /** Stops a command and everything it started (a {@code mvn} or {@code java} under bash), as Ctrl-C would. */
    static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> started = process.descendants().toList();
        started.forEach(ProcessHandle::destroy);
        process.destroy();
        for (ProcessHandle handle : started) {
            handle.onExit().completeOnTimeout(handle, 30, TimeUnit.SECONDS).join();
            handle.destroyForcibly();
        }
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** What {@code kcat -J} printed: one JSON envelope per line. */
    static List<JsonNode> kcatEvents(Path output) {
        try {
            List<JsonNode> events = new ArrayList<>();
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                if (line.startsWith("{")) {
                    events.add(JsonMapping.MAPPER.readTree(line));
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
