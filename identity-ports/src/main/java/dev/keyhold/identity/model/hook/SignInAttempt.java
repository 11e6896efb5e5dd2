package dev.keyhold.identity.model.hook;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.user.UserId;
import java.util.List;
import java.util.Objects;

/**
 * A sign-in about to be granted, as a {@code SignInCheck} sees it: the credentials are right, no token is issued yet.
 *
 * @param kind what is being granted
 * @param userId whom
 * @param email their address
 * @param authMethods the RFC 8176 {@code amr} values the session has or will have, such as {@code pwd}, {@code otp}
 * @param client who is calling
 */
public record SignInAttempt(Kind kind, UserId userId, String email, List<String> authMethods, ClientInfo client) {

  /** What is being granted. */
  public enum Kind {
    /** A new session, by password (with its second factor, if any) or through an external provider. */
    LOGIN,
    /** New tokens for an existing session. */
    REFRESH
  }

  public SignInAttempt {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(email, "email");
    authMethods = List.copyOf(authMethods);
    Objects.requireNonNull(client, "client");
  }
}
