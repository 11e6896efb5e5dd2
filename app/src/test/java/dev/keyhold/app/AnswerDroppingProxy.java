package dev.keyhold.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on loopback in front of a server that passes bytes both ways, but, when told to, drops the next
 * answer: the request reaches the server, which does the work and answers, and the client's connection is closed as
 * the answer's first bytes arrive, so the client never learns what happened. A network that fails after the server
 * committed, in a test.
 */
final class AnswerDroppingProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int target;
  private final AtomicBoolean dropNext = new AtomicBoolean();
  private final List<String> dropped = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private AnswerDroppingProxy(int target) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = target;
    Thread acceptor = new Thread(this::accept, "proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static AnswerDroppingProxy to(int port) {
    try {
      return new AnswerDroppingProxy(port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Drops the next answer any connection carries. */
  void dropNextAnswer() {
    dropNext.set(true);
  }

  /** The first line of each answer dropped so far (its status line). */
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
        pump(client, server, false);
        pump(server, client, true);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void pump(Socket from, Socket to, boolean answers) {
    Thread pump = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          if (answers && dropNext.compareAndSet(true, false)) {
            String head = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
            dropped.add(head.lines().findFirst().orElse(""));
            from.close();
            to.close();
            return;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed: the other follows
      }
      closeQuietly(from);
      closeQuietly(to);
    }, answers ? "proxy-answers" : "proxy-requests");
    pump.setDaemon(true);
    pump.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // already closed
    }
    sockets.forEach(AnswerDroppingProxy::closeQuietly);
  }
}
