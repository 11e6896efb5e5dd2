package dev.keyhold.adapter.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/**
 * Real Redis servers (the redis-server 6.2 binary shipped by embedded-redis) on free local ports, and one shared
 * server started once per test JVM for the contract suites.
 */
final class EmbeddedRedis {

  private static Shared shared;

  private EmbeddedRedis() {}

  /** The shared server and stores; they live until the JVM exits (embedded-redis stops the server then). */
  record Shared(int port, RedisProtectionStores stores, RedisClient admin) {

    /** The shared stores, after emptying the database. */
    RedisProtectionStores emptyStores() {
      admin.flushDB();
      return stores;
    }
  }

  static synchronized Shared shared() {
    if (shared == null) {
      int port = freePort();
      start(port);
      shared = new Shared(port, RedisProtectionStores.connect(settings(port)), RedisClient.create("localhost", port));
    }
    return shared;
  }

  /** Starts a server on {@code port} that keeps nothing on disk, with {@code settings} as extra config lines. */
  static RedisServer start(int port, String... settings) {
    try {
      var builder = RedisServer.newRedisServer().port(port).setting("save \"\"").setting("appendonly no");
      for (String setting : settings) {
        builder.setting(setting);
      }
      RedisServer server = builder.build();
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void stop(RedisServer server) {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RedisSettings settings(int port) {
    return RedisSettings.fromUrl("redis://localhost:" + port);
  }

  /** A port that nothing listened on a moment ago. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
