package dev.keyhold.identity.core.internal.access;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import java.util.Objects;
import java.util.Optional;

/**
 * Enforces access for the use cases: resolves the caller's current grants ({@link AccessResolver}), asks the
 * {@link AccessPolicy}, tells the {@link RefusalListener} about each refusal for want of a scope, and throws the
 * policy's refusal. Non-members are not reported (they are answered {@code not_found}, like an unknown id).
 */
public final class Authorizer {

  /** Told about each refusal for want of a scope, just before it is thrown. */
  @FunctionalInterface
  public interface RefusalListener {

    /**
     * @param actor who was refused
     * @param orgId the organization whose scope they lacked, or {@code null} for a platform scope
     * @param scope the scope they lacked
     */
    void refused(Actor actor, OrgId orgId, String scope);
  }

  private final AccessResolver grants;
  private final RefusalListener refusals;

  public Authorizer(AccessResolver grants, RefusalListener refusals) {
    this.grants = Objects.requireNonNull(grants, "grants");
    this.refusals = Objects.requireNonNull(refusals, "refusals");
  }

  /**
   * The caller's current global access, when it includes {@code scope}.
   *
   * @throws dev.keyhold.identity.error.ForbiddenException otherwise, after telling the {@link RefusalListener}
   */
  public GlobalAccess onPlatform(Actor actor, String scope) {
    return enforce(AccessPolicy.onPlatform(actor, grants.global(actor.userId()), scope));
  }

  /**
   * The caller's access in the organization, whatever their role.
   *
   * @throws dev.keyhold.identity.error.NotFoundException {@value AccessPolicy#NO_SUCH_ORGANIZATION} when the caller
   *     is not a member, whether or not the organization exists
   */
  public OrgAccess member(Actor actor, OrgId orgId) {
    return inOrganization(actor, orgId, null);
  }

  /**
   * The caller's access in the organization, when it includes {@code scope}.
   *
   * @throws dev.keyhold.identity.error.NotFoundException when the caller is not a member
   * @throws dev.keyhold.identity.error.ForbiddenException when the member lacks the scope, after telling the
   *     {@link RefusalListener}
   */
  public OrgAccess inOrganization(Actor actor, OrgId orgId, String scope) {
    return enforce(AccessPolicy.inOrganization(actor, orgId, grants.inOrganization(actor.userId(), orgId), scope));
  }

  /**
   * Passes {@code access} (the caller's, already resolved) when it includes {@code scope}.
   *
   * @throws dev.keyhold.identity.error.ForbiddenException otherwise, after telling the {@link RefusalListener}
   */
  public OrgAccess require(Actor actor, OrgAccess access, String scope) {
    return enforce(AccessPolicy.inOrganization(actor, access.organization().id(), Optional.of(access),
        Objects.requireNonNull(scope, "scope")));
  }

  private <A> A enforce(AccessPolicy.Decision<A> decision) {
    if (decision instanceof AccessPolicy.MissingScope<A> missing) {
      refusals.refused(missing.actor(), missing.orgId(), missing.scope());
    }
    return decision.orThrow();
  }
}
