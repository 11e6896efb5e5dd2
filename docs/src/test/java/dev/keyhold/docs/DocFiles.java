package dev.keyhold.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reading the documents and the source tree, from the docs module's directory (where Maven runs its tests). */
final class DocFiles {

  /** The docs module, which is also the directory of the documents. */
  static final Path DOCS = Path.of("").toAbsolutePath();

  /** The checkout's root. */
  static final Path ROOT = DOCS.getParent();

  private DocFiles() {}

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines of every fenced block of {@code language} in a Markdown document, block by block. */
  static List<List<String>> fencedBlocks(String markdown, String language) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> current = null;
    for (String line : markdown.split("\n", -1)) {
      if (current == null && line.strip().equals("```" + language)) {
        current = new ArrayList<>();
      } else if (current != null && line.strip().equals("```")) {
        blocks.add(current);
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    if (current != null) {
      throw new AssertionError("a ```" + language + " block is not closed");
    }
    return blocks;
  }

  /** The names of the files in {@code directory} ending in {@code suffix}, without it. */
  static List<String> names(Path directory, String suffix) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(suffix))
          .map(name -> name.substring(0, name.length() - suffix.length()))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The subdirectories of {@code directory} that hold Java sources. */
  static List<String> packages(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(Files::isDirectory)
          .filter(dir -> !names(dir, ".java").isEmpty())
          .map(dir -> dir.getFileName().toString())
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
