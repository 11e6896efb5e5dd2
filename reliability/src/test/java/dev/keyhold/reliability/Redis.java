package dev.keyhold.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import redis.embedded.RedisServer;

/** A real redis-server (embedded-redis' binary) on a fixed loopback port, which can be killed and started again. */
final class Redis implements AutoCloseable {

  private final int port;
  private RedisServer server;

  private Redis(int port) {
    this.port = port;
  }

  static Redis start() {
    Redis redis = new Redis(Processes.freePort());
    redis.startAgain();
    return redis;
  }

  void startAgain() {
    try {
      server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
          .setting("save \"\"").setting("appendonly no").build();
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code SIGKILL} to the redis-server process: its connections drop without a goodbye. */
  void kill() {
    List<Long> pids = ProcessHandle.current().descendants()
        .filter(p -> p.info().command().orElse("").contains("redis-server"))
        .map(ProcessHandle::pid).toList();
    if (pids.size() != 1) {
      throw new IllegalStateException("expected one redis-server child, found " + pids);
    }
    Processes.signal("KILL", pids);
    ProcessHandle.of(pids.get(0)).ifPresent(handle -> handle.onExit().join());
    try {
      server.stop();
    } catch (IOException | RuntimeException ignored) {
      // already dead; stop() only tidies up the wrapper
    }
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      if (server != null && server.isActive()) {
        server.stop();
      }
    } catch (IOException ignored) {
      // going away
    }
  }
}
