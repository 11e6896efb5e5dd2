package dev.keyhold.reliability;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * GreenMail behind a gate the suite can close: the servers' {@code SMTP_HOST} and {@code SMTP_PORT} point at the
 * gate, which either relays each connection to GreenMail or, while stalled, accepts it and never says a word (an SMTP
 * server that hangs rather than refuses).
 */
final class MailServer implements AutoCloseable {

  private final GreenMail greenMail;
  private final ServerSocket gate;
  private final ExecutorService relays = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "smtp-gate");
    thread.setDaemon(true);
    return thread;
  });
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private volatile boolean stalled;

  private MailServer(GreenMail greenMail, ServerSocket gate) {
    this.greenMail = greenMail;
    this.gate = gate;
  }

  static MailServer start() {
    GreenMail greenMail = new GreenMail(new ServerSetup(Processes.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
    try {
      MailServer server = new MailServer(greenMail, new ServerSocket(0, 200, InetAddress.getLoopbackAddress()));
      server.relays.execute(server::accept);
      return server;
    } catch (IOException e) {
      greenMail.stop();
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return gate.getLocalPort();
  }

  /** From now on, new connections are accepted and left without an answer. */
  void stall() {
    stalled = true;
  }

  /** Relays new connections again and drops the stalled ones (whose clients have given up or will). */
  void resume() {
    stalled = false;
    for (Socket socket : held) {
      closeQuietly(socket);
    }
    held.clear();
  }

  /** How many messages each recipient has received. */
  Map<String, Integer> received() {
    Map<String, Integer> counts = new HashMap<>();
    for (MimeMessage message : greenMail.getReceivedMessages()) {
      try {
        for (Address address : message.getAllRecipients()) {
          counts.merge(address.toString().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
        }
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return counts;
  }

  int receivedCount() {
    return greenMail.getReceivedMessages().length;
  }

  private void accept() {
    while (!gate.isClosed()) {
      Socket client;
      try {
        client = gate.accept();
      } catch (IOException e) {
        return;
      }
      if (stalled) {
        held.add(client);
        continue;
      }
      relays.execute(() -> relay(client));
    }
  }

  private void relay(Socket client) {
    try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), greenMail.getSmtp().getPort())) {
      relays.execute(() -> pipe(upstream, client));
      pipe(client, upstream);
    } catch (IOException ignored) {
      // one side hung up
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException ignored) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    resume();
    try {
      gate.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    relays.shutdownNow();
    greenMail.stop();
    new ArrayList<>(held).forEach(MailServer::closeQuietly);
  }
}
