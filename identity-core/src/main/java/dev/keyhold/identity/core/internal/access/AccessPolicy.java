package dev.keyhold.identity.core.internal.access;

import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a caller may act, from grants already resolved ({@link AccessResolver}): a pure function of the
 * grants, the required scope and the actor, with no store, clock or side effect. {@link Authorizer} applies it.
 *
 * <p>Tenant isolation: a caller without a membership in an organization is {@link NotMember}, whether or not the
 * organization exists, and {@link Decision#orThrow()} answers both with the same
 * {@code NotFoundException("No such organization.")}, so nobody learns that an organization they do not belong to
 * exists. A member who lacks the scope is {@link MissingScope} ({@code forbidden}).
 */
public final class AccessPolicy {

  /** The one answer for "not yours" and "does not exist". */
  public static final String NO_SUCH_ORGANIZATION = "No such organization.";

  private AccessPolicy() {}

  /** A decision over some grants {@code A}: granted with them, or refused. */
  public sealed interface Decision<A> permits Granted, NotMember, MissingScope {

    /**
     * The grants when the decision is {@link Granted}.
     *
     * @throws NotFoundException {@value #NO_SUCH_ORGANIZATION} for {@link NotMember}
     * @throws ForbiddenException naming the scope for {@link MissingScope}
     */
    A orThrow();
  }

  /** Allowed; {@code access} is what the caller holds there. */
  public record Granted<A>(A access) implements Decision<A> {
    public Granted {
      Objects.requireNonNull(access, "access");
    }

    @Override
    public A orThrow() {
      return access;
    }
  }

  /** Refused: the caller is not a member of the organization, or it does not exist. */
  public record NotMember<A>(OrgId orgId) implements Decision<A> {
    @Override
    public A orThrow() {
      throw new NotFoundException(NO_SUCH_ORGANIZATION);
    }
  }

  /**
   * Refused for want of a scope.
   *
   * @param actor who was refused
   * @param orgId the organization whose scope they lack, or {@code null} for a platform scope
   * @param scope the scope they lack
   */
  public record MissingScope<A>(Actor actor, OrgId orgId, String scope) implements Decision<A> {
    public MissingScope {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(scope, "scope");
    }

    @Override
    public A orThrow() {
      throw new ForbiddenException(orgId == null
          ? "This needs the platform scope " + scope + "."
          : "This needs the organization scope " + scope + ".");
    }
  }

  /**
   * Whether the caller, holding {@code grants} on the platform, may do what needs the platform scope {@code scope}.
   *
   * @throws IllegalArgumentException when the grants are another user's
   */
  public static Decision<GlobalAccess> onPlatform(Actor actor, GlobalAccess grants, String scope) {
    Objects.requireNonNull(scope, "scope");
    if (!grants.userId().equals(actor.userId())) {
      throw new IllegalArgumentException("the grants are not the actor's");
    }
    return grants.has(scope) ? new Granted<>(grants) : new MissingScope<>(actor, null, scope);
  }

  /**
   * Whether the caller, holding {@code grants} in organization {@code orgId} (empty when not a member), may do what
   * needs the organization scope {@code scope} there; a {@code null} scope asks for membership alone.
   *
   * @throws IllegalArgumentException when the grants are another user's or another organization's
   */
  public static Decision<OrgAccess> inOrganization(
      Actor actor, OrgId orgId, Optional<OrgAccess> grants, String scope) {
    Objects.requireNonNull(orgId, "orgId");
    if (grants.isEmpty()) {
      return new NotMember<>(orgId);
    }
    OrgAccess access = grants.get();
    if (!access.membership().userId().equals(actor.userId()) || !access.organization().id().equals(orgId)) {
      throw new IllegalArgumentException("the grants are not the actor's in this organization");
    }
    if (scope != null && !access.has(scope)) {
      return new MissingScope<>(actor, orgId, scope);
    }
    return new Granted<>(access);
  }
}
