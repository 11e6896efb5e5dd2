package dev.keyhold.app;

import java.lang.management.ManagementFactory;

/**
 * Stands in for the server jar in {@link LauncherScriptTest}: prints, one per line, the JVM flags it was started with,
 * its arguments, its largest heap, the garbage collectors, and the launcher's environment variables it can see.
 */
public final class LauncherProbe {

  private LauncherProbe() {}

  public static void main(String[] args) {
    System.out.println("flags=" + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    System.out.println("args=" + String.join(" ", args));
    System.out.println("max_heap_mib=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    System.out.println("collectors=" + ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(gc -> gc.getName()).toList());
    System.out.println("MALLOC_ARENA_MAX=" + System.getenv("MALLOC_ARENA_MAX"));
    System.out.println("MALLOC_MMAP_THRESHOLD_=" + System.getenv("MALLOC_MMAP_THRESHOLD_"));
    System.out.println("KEYHOLD_JAVA_MEMORY=" + System.getenv("KEYHOLD_JAVA_MEMORY"));
    System.out.println("KEYHOLD_JAR=" + System.getenv("KEYHOLD_JAR"));
    System.out.println("KEYHOLD_CDS=" + System.getenv("KEYHOLD_CDS"));
  }
}
