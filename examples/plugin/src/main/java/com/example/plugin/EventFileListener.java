package com.example.plugin;

import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.spi.IdentityEventListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Appends one line per event, {@code <event id> <type> <user id>}, to a file: the file named by the system property
 * {@value #PROPERTY} or else the environment variable {@value #VARIABLE}; with neither, events are ignored. An I/O
 * failure is thrown, so that Keyhold retries the event (with the same id: a receiver dedupes on it).
 */
final class EventFileListener implements IdentityEventListener {

  static final String PROPERTY = "example.plugin.events-file";
  static final String VARIABLE = "EXAMPLE_PLUGIN_EVENTS_FILE";

  private final Optional<Path> file;

  EventFileListener(Optional<Path> file) {
    this.file = file;
  }

  static Optional<Path> configuredFile() {
    return Optional.ofNullable(System.getProperty(PROPERTY)).or(() -> Optional.ofNullable(System.getenv(VARIABLE)))
        .filter(name -> !name.isBlank()).map(Path::of);
  }

  @Override
  public void on(IdentityEvent event) {
    if (file.isEmpty()) {
      return;
    }
    String line = event.id() + " " + event.type() + " " + event.userId().value() + System.lineSeparator();
    try {
      synchronized (this) {
        Files.writeString(file.get(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
