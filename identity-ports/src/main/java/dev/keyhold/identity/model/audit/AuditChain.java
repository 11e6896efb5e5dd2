package dev.keyhold.identity.model.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hash chain of the audit log: the canonical form of a stored event, its hash, and the check of one link. Every
 * store computes hashes with this class and every verifier checks them with it, so they cannot disagree; the format
 * is specified in {@code docs/security.md} so that an auditor can recompute it without Keyhold. Pure and
 * thread-safe.
 *
 * <p>A record's hash is the lower-case hex SHA-256 of, in this order: the text {@value #FORMAT}, the previous
 * record's hash as text ({@link #GENESIS} for the first record), the seq as 8 bytes big-endian, then the event's
 * action, outcome, actor id, target id, organization id, client address, user agent, request id, and time (UTC,
 * {@code uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'}, always six fraction digits), then the number of details as 4 bytes
 * big-endian and each detail's key and value, sorted by key in Unicode code point order. Each text is its UTF-8 length
 * as 4 bytes big-endian (signed) followed by its UTF-8 bytes, and an absent text ({@code null}) is the length -1 with
 * no bytes; so every field can be told from its neighbours, and absent from empty, and no two different records
 * encode alike.
 */
public final class AuditChain {

  /** The previous hash of the first record: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  /** The first field of every canonical form; a later format would name itself differently. */
  public static final String FORMAT = "keyhold.audit.v1";

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private AuditChain() {}

  /** Why a record does not continue the chain. */
  public enum Reason {
    /**
     * The record's previous hash is not the hash of the record before it: a record was removed or inserted before
     * it, or its previous hash was changed. For the first record: its previous hash is not {@link #GENESIS}, so the
     * records before it are gone.
     */
    PREVIOUS_HASH_MISMATCH("previous_hash_mismatch"),
    /** The record's hash is not the hash of its contents: the record (or its hash) was changed after it was stored. */
    HASH_MISMATCH("hash_mismatch"),
    /** The record's seq is not greater than the one before it: the store returned the log out of order. */
    SEQ_NOT_INCREASING("seq_not_increasing");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** A stable, lower-case name for reports. */
    public String code() {
      return code;
    }
  }

  /**
   * The first broken link of a chain.
   *
   * @param seq the seq of the record that does not continue the chain
   * @param reason what is wrong with it
   */
  public record Break(long seq, Reason reason) {
    public Break {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The hash of a record with this previous hash, seq and event: lower-case hex SHA-256 of its canonical form.
   *
   * @throws IllegalArgumentException when {@code previousHash} is not 64 lower-case hex digits
   */
  public static String hash(String previousHash, long seq, AuditEvent event) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalForm(previousHash, seq, event)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The record that appends {@code event} as number {@code seq} after a record whose hash is {@code previousHash}. */
  public static AuditRecord link(String previousHash, long seq, AuditEvent event) {
    return new AuditRecord(seq, event, previousHash, hash(previousHash, seq, event));
  }

  /**
   * The bytes {@link #hash} digests (see the class description).
   *
   * @throws IllegalArgumentException when {@code previousHash} is not 64 lower-case hex digits
   */
  public static byte[] canonicalForm(String previousHash, long seq, AuditEvent event) {
    requireHash(previousHash, "previousHash");
    Objects.requireNonNull(event, "event");
    Encoder out = new Encoder();
    out.text(FORMAT);
    out.text(previousHash);
    out.int64(seq);
    out.text(event.action());
    out.text(event.outcome());
    out.text(event.actorId());
    out.text(event.targetId());
    out.text(event.orgId());
    out.text(event.client().ipAddress());
    out.text(event.client().userAgent());
    out.text(event.client().requestId());
    out.text(TIME.format(event.at()));
    List<Map.Entry<String, String>> details = new ArrayList<>(event.details().entrySet());
    details.sort(Map.Entry.comparingByKey(AuditChain::compareCodePoints));
    out.int32(details.size());
    for (Map.Entry<String, String> detail : details) {
      out.text(detail.getKey());
      out.text(detail.getValue());
    }
    return out.bytes();
  }

  /**
   * Checks one link: whether {@code record} continues a chain whose last record is {@code previous}.
   *
   * @param previous the record before it, or {@code null} when {@code record} is the first of the log
   * @return the break, or empty when the link holds
   */
  public static Optional<Break> check(AuditRecord previous, AuditRecord record) {
    Objects.requireNonNull(record, "record");
    if (previous != null && record.seq() <= previous.seq()) {
      return Optional.of(new Break(record.seq(), Reason.SEQ_NOT_INCREASING));
    }
    String expectedPrevious = previous == null ? GENESIS : previous.hash();
    if (!record.previousHash().equals(expectedPrevious)) {
      return Optional.of(new Break(record.seq(), Reason.PREVIOUS_HASH_MISMATCH));
    }
    if (!record.hash().equals(hash(record.previousHash(), record.seq(), record.event()))) {
      return Optional.of(new Break(record.seq(), Reason.HASH_MISMATCH));
    }
    return Optional.empty();
  }

  /** Whether {@code text} is a hash as this chain writes them: 64 lower-case hex digits. */
  public static boolean isHash(String text) {
    return text != null && HASH.matcher(text).matches();
  }

  static void requireHash(String text, String name) {
    if (!isHash(text)) {
      throw new IllegalArgumentException(name + " must be 64 lower-case hex digits");
    }
  }

  private static int compareCodePoints(String left, String right) {
    int i = 0;
    int j = 0;
    while (i < left.length() && j < right.length()) {
      int a = left.codePointAt(i);
      int b = right.codePointAt(j);
      if (a != b) {
        return Integer.compare(a, b);
      }
      i += Character.charCount(a);
      j += Character.charCount(b);
    }
    return Boolean.compare(i < left.length(), j < right.length());
  }

  /** Length-prefixed fields, big-endian. */
  private static final class Encoder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

    void text(String value) {
      if (value == null) {
        int32(-1);
        return;
      }
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      int32(utf8.length);
      bytes.writeBytes(utf8);
    }

    void int32(int value) {
      for (int shift = 24; shift >= 0; shift -= 8) {
        bytes.write(value >>> shift);
      }
    }

    void int64(long value) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        bytes.write((int) (value >>> shift));
      }
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }
}
