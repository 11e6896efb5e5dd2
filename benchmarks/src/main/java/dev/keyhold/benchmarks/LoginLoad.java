package dev.keyhold.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bounded password-login load against a running server on this machine: {@code connections} keep-alive HTTP/1.1
 * connections, each sending {@code POST /api/v1/login} for one account back to back for {@code seconds}. One thread
 * drives every connection through a selector, so the load generator takes little of the CPU it shares with the server
 * (a thread per connection would take much of it at 500 connections). While it runs it samples the server process's
 * resident memory from {@code /proc/<pid>/status} every 20 ms, and reads its CPU time from {@code /proc/<pid>/stat}
 * before and after. Prints logins per second, latency percentiles per status, the count of 503 answers, server CPU
 * per successful login and the peak resident memory. Only loopback addresses are accepted.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.keyhold.benchmarks.LoginLoad http://127.0.0.1:8093 16 30 PID \
 *       load@example.com
 * </pre>
 *
 * {@code benchmarks/login-load} starts the server, registers the account and runs both loads of docs/performance.md.
 */
public final class LoginLoad {

  private static final String PASSWORD = "correct horse battery staple";
  /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat} times, on every architecture Linux runs on today. */
  private static final long TICKS_PER_SECOND = 100;
  private static final long SAMPLE_NANOS = Duration.ofMillis(20).toNanos();

  private LoginLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      throw new IllegalArgumentException("usage: LoginLoad <base-url> <connections> <seconds> <server-pid> <email>");
    }
    URI base = URI.create(args[0]);
    int connections = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    long pid = Long.parseLong(args[3]);
    String email = args[4];
    if (!base.getHost().equals("127.0.0.1") && !base.getHost().equals("localhost")) {
      throw new IllegalArgumentException("load goes to loopback only");
    }
    if (connections < 1 || connections > 2000 || seconds < 1 || seconds > 300) {
      throw new IllegalArgumentException("1-2000 connections for 1-300 seconds");
    }
    Result result = new LoginLoad.Run(base, connections, Duration.ofSeconds(seconds), pid, email).run();
    System.out.println(result.report(connections, seconds));
  }

  /** What one run measured. */
  record Result(Map<Integer, long[]> latencies, Map<Integer, String> examples, long errors, long cpuTicks,
      long rssBeforeKiB, long peakRssKiB, long rssAfterKiB) {

    String report(int connections, int seconds) {
      long ok = latencies.getOrDefault(200, new long[0]).length;
      long overloaded = latencies.getOrDefault(503, new long[0]).length;
      StringBuilder text = new StringBuilder();
      text.append(String.format(Locale.ROOT, "%d connections, %d s: %.1f logins/s, %d answered 503, %d I/O errors%n",
          connections, seconds, ok / (double) seconds, overloaded, errors));
      latencies.forEach((status, values) -> text.append(String.format(Locale.ROOT,
          "  status %d: %d answers, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", status, values.length,
          percentile(values, 50), percentile(values, 99), percentile(values, 100))));
      examples.forEach((status, body) -> text.append("  an answer with status ").append(status).append(": ")
          .append(body.length() > 300 ? body.substring(0, 300) : body).append('\n'));
      text.append(String.format(Locale.ROOT, "  server CPU per successful login: %.1f ms%n",
          ok == 0 ? Double.NaN : cpuTicks * 1000.0 / TICKS_PER_SECOND / ok));
      text.append(String.format(Locale.ROOT, "  server resident memory: %d MiB before, %d MiB peak, %d MiB after",
          rssBeforeKiB / 1024, peakRssKiB / 1024, rssAfterKiB / 1024));
      return text.toString();
    }
  }

  /** One connection: the request being sent, the answer being read, and when the request went out. */
  private static final class Connection {
    final ByteBuffer request;
    ByteBuffer response = ByteBuffer.allocate(16 * 1024);
    long sentAt;

    Connection(byte[] request) {
      this.request = ByteBuffer.wrap(request);
    }
  }

  private static final class Run {
    private final InetSocketAddress address;
    private final int connections;
    private final long deadline;
    private final long pid;
    private final byte[] request;
    private final Map<Integer, long[]> latencies = new TreeMap<>();
    private final Map<Integer, Integer> counts = new TreeMap<>();
    private final Map<Integer, String> examples = new TreeMap<>();
    private long errors;
    private int open;

    Run(URI base, int connections, Duration length, long pid, String email) {
      this.address = new InetSocketAddress(base.getHost(), base.getPort());
      this.connections = connections;
      this.deadline = System.nanoTime() + length.toNanos();
      this.pid = pid;
      byte[] body = ("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      this.request = ("POST /api/v1/login HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
          + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    Result run() throws IOException {
      long rssBefore = rssKiB(pid);
      long cpuBefore = cpuTicks(pid);
      long peak = rssBefore;
      long nextSample = System.nanoTime();
      try (Selector selector = Selector.open()) {
        for (int i = 0; i < connections; i++) {
          connect(selector);
        }
        while (open > 0) {
          selector.select(5);
          for (SelectionKey key : selector.selectedKeys()) {
            handle(selector, key);
          }
          selector.selectedKeys().clear();
          long now = System.nanoTime();
          if (now >= nextSample) {
            peak = Math.max(peak, rssKiB(pid));
            nextSample = now + SAMPLE_NANOS;
          }
          if (now > deadline + Duration.ofSeconds(30).toNanos()) {
            break; // answers still missing half a minute after the end: give up on them
          }
        }
      }
      long cpu = cpuTicks(pid) - cpuBefore;
      Map<Integer, long[]> sorted = new TreeMap<>();
      latencies.forEach((status, values) -> {
        long[] used = Arrays.copyOf(values, counts.get(status));
        Arrays.sort(used);
        sorted.put(status, used);
      });
      return new Result(sorted, examples, errors, cpu, rssBefore, peak, rssKiB(pid));
    }

    private void connect(Selector selector) throws IOException {
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.connect(address);
      channel.register(selector, SelectionKey.OP_CONNECT, new Connection(request));
      open++;
    }

    private void handle(Selector selector, SelectionKey key) throws IOException {
      SocketChannel channel = (SocketChannel) key.channel();
      Connection connection = (Connection) key.attachment();
      try {
        if (key.isConnectable()) {
          channel.finishConnect();
          send(key, connection);
        } else if (key.isWritable()) {
          write(key, connection);
        } else if (key.isReadable()) {
          read(selector, key, connection);
        }
      } catch (IOException e) {
        errors++;
        close(key);
        if (System.nanoTime() < deadline) {
          connect(selector);
        }
      }
    }

    private void send(SelectionKey key, Connection connection) throws IOException {
      connection.request.rewind();
      connection.response.clear();
      connection.sentAt = System.nanoTime();
      write(key, connection);
    }

    private void write(SelectionKey key, Connection connection) throws IOException {
      ((SocketChannel) key.channel()).write(connection.request);
      key.interestOps(connection.request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read(Selector selector, SelectionKey key, Connection connection) throws IOException {
      if (!connection.response.hasRemaining()) {
        connection.response = ByteBuffer.allocate(connection.response.capacity() * 2).put(connection.response.flip());
      }
      int read = ((SocketChannel) key.channel()).read(connection.response);
      if (read < 0) {
        throw new IOException("the server closed the connection");
      }
      String text = new String(connection.response.array(), 0, connection.response.position(),
          StandardCharsets.ISO_8859_1);
      int headersEnd = text.indexOf("\r\n\r\n");
      if (headersEnd < 0 || !complete(text, headersEnd)) {
        return;
      }
      long took = System.nanoTime() - connection.sentAt;
      int status = Integer.parseInt(text.substring(9, 12));
      record(status, took);
      if (status != 200 && status != 503) {
        examples.putIfAbsent(status, text.substring(headersEnd + 4));
      }
      boolean closing = text.substring(0, headersEnd).toLowerCase(Locale.ROOT).contains("\r\nconnection: close");
      if (System.nanoTime() >= deadline) {
        close(key);
      } else if (closing) {
        close(key);
        connect(selector);
      } else {
        send(key, connection);
      }
    }

    /** Whether the whole answer is in: by its Content-Length, or the last chunk of a chunked one. */
    private static boolean complete(String text, int headersEnd) {
      String headers = text.substring(0, headersEnd).toLowerCase(Locale.ROOT);
      int length = headers.indexOf("\r\ncontent-length:");
      if (length >= 0) {
        int end = headers.indexOf("\r\n", length + 2);
        long expected = Long.parseLong(headers.substring(length + 17, end < 0 ? headers.length() : end).strip());
        return text.length() - headersEnd - 4 >= expected;
      }
      return !headers.contains("\r\ntransfer-encoding: chunked") || text.endsWith("\r\n0\r\n\r\n");
    }

    private void record(int status, long nanos) {
      long[] values = latencies.computeIfAbsent(status, s -> new long[1024]);
      int count = counts.merge(status, 1, Integer::sum);
      if (count > values.length) {
        values = Arrays.copyOf(values, values.length * 2);
        latencies.put(status, values);
      }
      values[count - 1] = nanos;
    }

    private void close(SelectionKey key) throws IOException {
      key.cancel();
      key.channel().close();
      open--;
    }
  }

  /** Milliseconds at the {@code p}th percentile of sorted nanoseconds (nearest rank). */
  static double percentile(long[] sortedNanos, int p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
    return sortedNanos[Math.max(0, rank - 1)] / 1_000_000.0;
  }

  /** VmRSS of {@code pid}, in KiB. */
  static long rssKiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS for process " + pid);
  }

  /** User plus system CPU time of {@code pid}, in clock ticks. */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime and stime, fields 14 and 15 of stat
  }
}
