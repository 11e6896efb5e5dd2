package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.ClientInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Requests for a mailed link (a password reset, another verification mail) accepted at the door and handled later.
 *
 * <p>Why a queue: such a request must answer alike whether or not the address belongs to an account, in body and in
 * time. Looking the address up and storing a token only for an account makes the answer measurably slower for one,
 * so the request does the same for every address, one {@link #enqueue}, and a worker does the rest outside any
 * request: finds the account, stores the token, queues the mail in the {@link MailOutbox}.
 *
 * <p>The queue holds addresses as typed, which are personal data: a request is deleted once handled. Every method may
 * throw {@link dev.keyhold.identity.error.StoreUnavailableException}; all are safe under concurrency, also across
 * processes sharing one store.
 */
public interface LinkRequestQueue {

  /** What a request asks for. */
  enum Kind {
    /** A password-reset link. */
    PASSWORD_RESET,
    /** Another email-verification link. */
    VERIFICATION
  }

  /**
   * One request.
   *
   * @param id identity
   * @param kind what is asked for
   * @param email the address as the caller typed it (already checked to be an address)
   * @param client who asked, for the audit log
   * @param requestedAt when it was accepted
   * @param attempts how many times it was claimed (claims count as attempts)
   */
  record Request(UUID id, Kind kind, String email, ClientInfo client, Instant requestedAt, int attempts) {
    public Request {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(email, "email");
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(requestedAt, "requestedAt");
      if (attempts < 0) {
        throw new IllegalArgumentException("attempts must not be negative");
      }
    }

    /** A request not yet claimed. */
    public static Request accepted(UUID id, Kind kind, String email, ClientInfo client, Instant requestedAt) {
      return new Request(id, kind, email, client, requestedAt, 0);
    }
  }

  /**
   * Queues a request, due at once; its {@code attempts} are stored as zero whatever the argument says.
   *
   * @throws IllegalStateException or {@link dev.keyhold.identity.error.StoreUnavailableException} when a request with
   *     this id was queued before (nothing changes then)
   */
  void enqueue(Request request);

  /**
   * Claims up to {@code max} due requests, oldest first (by {@code requestedAt}, then in enqueue order), atomically: each is given to one caller only (concurrent
   * claims skip each other's), its {@code attempts} incremented and kept from other claims until {@code now + lease},
   * so a worker that dies leaves it to be claimed again after the lease. A request is due when it was never claimed
   * and accepted at or before {@code now}, or when its lease has run out. The requests are returned as they are after
   * the claim.
   */
  List<Request> claim(Instant now, int max, Duration lease);

  /** Deletes a handled request. Idempotent. */
  void complete(UUID id);

  /** How many requests wait, claimed or not. */
  int backlog();
}
