package dev.keyhold.app;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds examples/react as its README says ({@code npm ci}, then {@code npm run build}, which type-checks and runs
 * {@code vite build}), into this module's {@code target/}, for the browser test to serve. Needs Node 18+ and npm
 * ({@code scripts/ensure-node}) and the npm registry, or a cache holding the locked packages; without them the test
 * fails and says so, it is not skipped.
 */
final class ReactExample {

  static final Path SOURCE = Path.of("..", "examples", "react").toAbsolutePath().normalize();
  private static final long MINUTES = 5;

  private ReactExample() {}

  /** Installs the locked packages and builds the app; answers the directory of the built files. */
  static Path build() throws IOException, InterruptedException {
    Path out = Path.of("target", "react-example").toAbsolutePath();
    Path log = Path.of("target", "react-example-build.log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    Files.deleteIfExists(log);
    String npm = npm();
    run(log, npm, "ci", "--no-audit", "--no-fund");
    run(log, npm, "run", "build", "--", "--outDir", out.toString(), "--emptyOutDir");
    if (!Files.isRegularFile(out.resolve("index.html"))) {
      throw new AssertionError("npm run build left no index.html in " + out + "; see " + log);
    }
    return out;
  }

  private static void run(Path log, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(SOURCE.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (!process.waitFor(MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " took longer than " + MINUTES + " minutes; see " + log);
    }
    if (process.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      throw new AssertionError(String.join(" ", command) + " in " + SOURCE + " failed (" + process.exitValue()
          + "); the end of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30),
          lines.size())));
    }
  }

  /** npm on the PATH, or an {@link AssertionError} saying how to get it. */
  private static String npm() {
    List<String> searched = new ArrayList<>();
    for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File candidate = new File(directory, "npm");
      searched.add(directory);
      if (!directory.isEmpty() && candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    throw new AssertionError("No npm for the React example's browser test (examples/react) on the PATH " + searched
        + ". Run scripts/ensure-node (as root on Debian it installs Debian's nodejs and npm; elsewhere it says how "
        + "to install Node 18 or later).");
  }
}
