package dev.keyhold.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as a hostile client writes it: duplicated and oversized headers, bytes
 * that are not UTF-8, framing that lies. Each exchange is one connection: the request, a half-close, and everything the
 * server answers until it closes.
 */
final class RawHttp {

  /** How long one exchange may wait for the server; a server that does not answer in time fails the case. */
  static final int READ_TIMEOUT_MILLIS = 15_000;

  private RawHttp() {}

  /** A response as read off the wire; {@code status} 0 when the server closed without answering. */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {

    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      String text = text();
      return status + " " + header("Content-Type") + " " + (text.length() > 400 ? text.substring(0, 400) + "..." : text);
    }
  }

  /** Sends {@code request} as is to the loopback {@code port} and reads the first response. */
  static Response exchange(int port, byte[] request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        socket.shutdownOutput();
      } catch (IOException refusedMidway) {
        // the server may answer and close before it has read an oversized request: read what it said
      }
      return parse(readToEnd(socket.getInputStream()));
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no complete answer within " + READ_TIMEOUT_MILLIS + " ms", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readToEnd(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        bytes.write(buffer, 0, n);
      }
    } catch (java.net.SocketException reset) {
      // a reset after the answer (the server closed with unread request bytes): keep what arrived
    }
    return bytes.toByteArray();
  }

  static Response parse(byte[] raw) {
    // an interim 100 Continue (the request said Expect: 100-continue) comes before the answer
    while (raw.length > 12 && new String(raw, 0, 12, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 1")) {
      int interimEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
      if (interimEnd < 0) {
        break;
      }
      raw = java.util.Arrays.copyOfRange(raw, interimEnd + 4, raw.length);
    }
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    if (raw.length == 0 || end < 0) {
      return new Response(0, Map.of(), raw);
    }
    String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
    List<String> length = headers.getOrDefault("content-length", List.of());
    byte[] body;
    if (encoding.stream().anyMatch(e -> e.equalsIgnoreCase("chunked"))) {
      body = dechunk(rest);
    } else if (!length.isEmpty()) {
      body = java.util.Arrays.copyOf(rest, Math.min(rest.length, Integer.parseInt(length.get(0))));
    } else {
      body = rest;
    }
    return new Response(status, headers, body);
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, at);
      if (lineEnd < 0) {
        break;
      }
      String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int n = Integer.parseInt(size, 16);
      if (n == 0) {
        break;
      }
      body.write(chunked, lineEnd + 2, Math.min(n, chunked.length - lineEnd - 2));
      at = lineEnd + 2 + n + 2;
    }
    return body.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
