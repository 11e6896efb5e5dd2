package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/keyhold}, the README's way to start the server, run for real with a probe jar in the server jar's
 * place: it must start the JVM with the documented memory defaults, let operators replace or extend them, pass the
 * server's arguments through, and hide its own {@code KEYHOLD_} variables from the server (which refuses unknown ones).
 */
class LauncherScriptTest {

  private static final Path SCRIPT = Path.of("..", "scripts", "keyhold");

  @TempDir
  static Path directory;

  @Test
  void starts_the_jar_with_the_memory_defaults_and_passes_arguments_through() throws Exception {
    Map<String, String> out = run(Map.of(), "serve", "--migrate");

    assertThat(out.get("flags")).contains("-XX:+UseSerialGC", "-Xmx128m", "-XX:MaxMetaspaceSize=128m",
        "-XX:ReservedCodeCacheSize=64m", "-XX:MaxDirectMemorySize=64m", "-XX:+ExitOnOutOfMemoryError");
    assertThat(Integer.parseInt(out.get("max_heap_mib"))).isBetween(100, 128);
    assertThat(out.get("collectors")).contains("Copy", "MarkSweepCompact");
    assertThat(out.get("args")).isEqualTo("serve --migrate");
    assertThat(out.get("MALLOC_ARENA_MAX")).isEqualTo("2");
    assertThat(out.get("MALLOC_MMAP_THRESHOLD_")).as("glibc's dynamic threshold: see decisions.md").isEqualTo("null");
  }

  @Test
  void java_opts_come_after_the_defaults_so_that_they_win() throws Exception {
    Map<String, String> out = run(Map.of("JAVA_OPTS", "-Xmx256m -Dprobe=1"));

    assertThat(out.get("flags")).endsWith("-Xmx256m -Dprobe=1");
    assertThat(Integer.parseInt(out.get("max_heap_mib"))).isGreaterThan(200);
  }

  @Test
  void the_memory_flags_can_be_replaced_and_never_reach_the_server() throws Exception {
    Map<String, String> out = run(Map.of("KEYHOLD_JAVA_MEMORY", "-Xmx64m", "MALLOC_ARENA_MAX", "4",
        "MALLOC_MMAP_THRESHOLD_", "262144"));

    assertThat(out.get("flags")).isEqualTo("-Xmx64m");
    assertThat(out.get("MALLOC_ARENA_MAX")).isEqualTo("4");
    assertThat(out.get("MALLOC_MMAP_THRESHOLD_")).isEqualTo("262144");
    assertThat(out.get("KEYHOLD_JAVA_MEMORY")).isEqualTo("null");
    assertThat(out.get("KEYHOLD_JAR")).isEqualTo("null");
  }

  @Test
  void a_missing_jar_is_reported_with_the_build_command() throws Exception {
    Process process = start(Map.of("KEYHOLD_JAR", directory.resolve("absent.jar").toString()));

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(66);
    assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("./mvnw -q -pl app -am package -DskipTests");
  }

  @Test
  void classes_are_shared_through_an_archive_the_first_run_writes_and_later_runs_use() throws Exception {
    Path archive = directory.resolve("probe.jsa");
    Map<String, String> cds = Map.of("KEYHOLD_CDS", archive.toString());

    Map<String, String> first = run(cds);
    Map<String, String> second = run(Map.of("KEYHOLD_CDS", archive.toString(),
        "JAVA_OPTS", "-Xlog:class+load=info:file=" + directory.resolve("classes.log")));

    assertThat(archive).as("written when the first JVM exited, moved into place by the next start").isNotEmptyFile();
    assertThat(first.get("KEYHOLD_CDS")).isEqualTo("null");
    if (Runtime.version().feature() >= 19) {
      assertThat(first.get("flags")).contains("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive);
      assertThat(second.get("flags")).contains("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive);
    } else {
      assertThat(first.get("flags")).contains("-XX:ArchiveClassesAtExit=" + archive + ".");
      assertThat(second.get("flags")).contains("-XX:SharedArchiveFile=" + archive).doesNotContain("ArchiveClassesAtExit");
      assertThat(Files.readString(directory.resolve("classes.log")))
          .as("the probe's own class came from the archive")
          .containsPattern("dev\\.keyhold\\.app\\.LauncherProbe source: shared objects file \\(top\\)");
    }
    assertThat(run(Map.of("KEYHOLD_CDS", "off")).get("flags")).doesNotContain("SharedArchive", "ArchiveClasses");
    assertThat(run(Map.of("KEYHOLD_CDS", archive.toString(), "JAVA_OPTS", "-agentlib:jdwp=transport=dt_socket,"
        + "server=y,suspend=n,address=127.0.0.1:0")).get("flags"))
        .as("a native agent rules dumping out, and the JVM would not start with both")
        .doesNotContain("SharedArchive", "ArchiveClasses");
  }

  @Test
  void on_jdk_19_and_later_an_archive_older_than_the_jar_or_the_jdk_is_removed_for_the_jvm_to_write_anew()
      throws Exception {
    // a stand-in JDK 25: its release file names the version, its java prints the flags it was given; the build's
    // JDK is 17, whose path the other tests take
    Path jdk = Files.createDirectories(directory.resolve("jdk25"));
    Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
    Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"flags=$*\"\n");
    java.toFile().setExecutable(true);
    Files.setLastModifiedTime(jdk.resolve("release"), FileTime.from(Instant.now().minusSeconds(7200)));
    Path archive = directory.resolve("jdk25.jsa");
    Map<String, String> env = Map.of("KEYHOLD_CDS", archive.toString(), "JAVA", java.toString());

    Files.write(archive, new byte[] {1});
    Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(3600)));
    Files.setLastModifiedTime(probeJar(), FileTime.from(Instant.now().minusSeconds(60)));
    Map<String, String> afterABuild = run(env);

    assertThat(archive).as("written for an older jar: the JVM would neither use nor replace it").doesNotExist();
    assertThat(afterABuild.get("flags")).contains("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive);

    Files.write(archive, new byte[] {1});
    Map<String, String> later = run(env);

    assertThat(archive).as("newer than jar and JDK: the JVM's to use and to refresh").exists();
    assertThat(later.get("flags")).contains("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive);
  }

  @Test
  void nodes_starting_at_once_from_one_install_all_start_whoever_moves_a_leftover_archive_into_place()
      throws Exception {
    Path archive = directory.resolve("racing.jsa");
    for (int round = 0; round < 5; round++) {
      // what a JDK 17 node that exited left behind: a dump named after its (now unused) pid, newer than jar and JDK
      Path dump = directory.resolve("racing.jsa.4194301");
      Files.write(dump, new byte[] {1, 2, 3});
      Files.setLastModifiedTime(dump, FileTime.from(Instant.now().plusSeconds(60)));
      Files.deleteIfExists(archive);
      Map<String, String> env = Map.of("KEYHOLD_CDS", archive.toString(), "KEYHOLD_JAR", probeJar().toString());
      List<Process> nodes = new java.util.ArrayList<>();
      for (int node = 0; node < 6; node++) {
        nodes.add(start(env));
      }
      for (Process node : nodes) {
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            + new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.exitValue()).as("round %d: %s", round, output).isZero();
      }
    }
  }

  private static Map<String, String> run(Map<String, String> environment, String... args) throws Exception {
    Map<String, String> env = new HashMap<>(environment);
    env.putIfAbsent("KEYHOLD_CDS", "off");
    env.put("KEYHOLD_JAR", probeJar().toString());
    Process process = start(env, args);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output.lines().filter(line -> line.contains("="))
        .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
            line -> line.substring(line.indexOf('=') + 1)));
  }

  private static Process start(Map<String, String> environment, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("sh", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("KEYHOLD_") || name.equals("JAVA_OPTS")
        || name.startsWith("MALLOC_"));
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** A jar whose main class is {@link LauncherProbe}. */
  private static synchronized Path probeJar() throws IOException {
    Path jar = directory.resolve("probe.jar");
    if (Files.exists(jar)) {
      return jar;
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
    String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(LauncherProbe.class.getClassLoader().getResourceAsStream(entry).readAllBytes());
      out.closeEntry();
    }
    return jar;
  }
}
