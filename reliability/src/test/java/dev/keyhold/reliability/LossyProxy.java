package dev.keyhold.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy on loopback in front of one node, for clients that send one request per connection (the suite's
 * {@link Api} does): it passes requests and answers, but drops a share of the answers to refresh requests. The
 * request reaches the node, which does the work and answers; the proxy closes the client's connection as the answer
 * arrives, so the client never learns what happened: a network that fails after the server committed. It drops at
 * most one answer per refresh token, so that the client's retry gets through (Keyhold allows one retry; two lost
 * answers in a row for one token end the session, docs/security.md).
 */
final class LossyProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int target;
  private final String requestPrefix;
  private final double share;
  private static final Pattern REFRESH_TOKEN = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");

  private final AtomicBoolean dropping = new AtomicBoolean(true);
  private final Set<String> droppedTokens = ConcurrentHashMap.newKeySet();
  private final List<String> dropped = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private LossyProxy(int target, String requestPrefix, double share) throws IOException {
    this.listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    this.target = target;
    this.requestPrefix = requestPrefix;
    this.share = share;
    Thread acceptor = new Thread(this::accept, "lossy-proxy-" + target);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * A proxy to the node on {@code port} that drops {@code share} of the answers to requests that start with
   * {@code requestPrefix} and carry a {@code refresh_token}, at most one per token.
   */
  static LossyProxy dropping(int port, String requestPrefix, double share) {
    try {
      return new LossyProxy(port, requestPrefix, share);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Passes every answer from now on. */
  void stopDropping() {
    dropping.set(false);
  }

  /** The status line of each answer dropped so far. */
  List<String> dropped() {
    return List.copyOf(dropped);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(server);
        AtomicBoolean matched = new AtomicBoolean();
        start(() -> requests(client, server, matched));
        start(() -> answers(server, client, matched));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void requests(Socket client, Socket server, AtomicBoolean matched) {
    byte[] buffer = new byte[8192];
    StringBuilder request = new StringBuilder();
    boolean decided = false;
    try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (!decided && request.length() < 65_536) {
          // decided before the chunk that completes the token goes on: the node cannot answer before it has it
          request.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
          Matcher token = REFRESH_TOKEN.matcher(request);
          if (!request.toString().startsWith(requestPrefix)) {
            decided = request.length() >= requestPrefix.length();
          } else if (token.find()) {
            decided = true;
            matched.set(dropping.get() && ThreadLocalRandom.current().nextDouble() < share
                && droppedTokens.add(token.group(1)));
          }
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed: the other follows
    }
    closeBoth(client, server);
  }

  private void answers(Socket server, Socket client, AtomicBoolean drop) {
    byte[] buffer = new byte[8192];
    try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (drop.get()) {
          dropped.add(new String(buffer, 0, n, StandardCharsets.ISO_8859_1).lines().findFirst().orElse(""));
          break;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed: the other follows
    }
    closeBoth(server, client);
  }

  private static void start(Runnable pump) {
    Thread thread = new Thread(pump, "lossy-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeBoth(Socket one, Socket other) {
    for (Socket socket : List.of(one, other)) {
      try {
        socket.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // already closed
    }
    for (Socket socket : sockets) {
      closeBoth(socket, socket);
    }
  }
}
