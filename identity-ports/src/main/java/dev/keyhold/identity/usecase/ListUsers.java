package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.usecase.Administration.Page;
import dev.keyhold.identity.usecase.Administration.UserSummary;
import java.util.Objects;

/** Lists the platform's users, a page at a time. */
public interface ListUsers {

  /**
   * @param emailPrefix filter by the start of the (normalized) email, or {@code null}
   * @param namePrefix filter by the start of the display name, case-insensitively, or {@code null}
   * @param status filter by status, or {@code null}
   * @param cursor the {@code nextCursor} of the previous page (asked with the same filters), or {@code null}
   * @param limit 1 to 200
   */
  record Query(Actor actor, String emailPrefix, String namePrefix, UserStatus status, String cursor, int limit) {
    public Query {
      Objects.requireNonNull(actor, "actor");
    }

    /** Without a display-name filter. */
    public Query(Actor actor, String emailPrefix, UserStatus status, String cursor, int limit) {
      this(actor, emailPrefix, null, status, cursor, limit);
    }
  }

  /**
   * One page of users, ordered by email, keeping those that match every filter given. Needs {@code users:read}.
   *
   * @throws dev.keyhold.identity.error.ValidationException for a malformed cursor or limit, or a prefix longer than
   *     the longest email ({@code email_prefix}) or display name ({@code q})
   */
  Page<UserSummary> listUsers(Query query);
}
