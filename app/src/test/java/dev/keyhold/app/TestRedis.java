package dev.keyhold.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/** A real redis-server from Maven Central on a free loopback port, without persistence to disk. */
final class TestRedis implements AutoCloseable {

  private final int port;
  private RedisServer server;

  private TestRedis(int port) {
    this.port = port;
  }

  static TestRedis start() {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestRedis redis = new TestRedis(port);
    redis.startAgain();
    return redis;
  }

  /** Starts the server (again) on the same port. */
  void startAgain() {
    try {
      server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
          .setting("save \"\"").setting("appendonly no").build();
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void stop() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    if (server != null && server.isActive()) {
      stop();
    }
  }
}
