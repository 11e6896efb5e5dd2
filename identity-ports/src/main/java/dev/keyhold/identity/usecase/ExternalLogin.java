package dev.keyhold.identity.usecase;

/** Sign-in through external OpenID Connect providers (Google, Microsoft Entra ID, any issuer) and the links it makes. */
public interface ExternalLogin
    extends ListIdentityProviders, StartExternalLogin, CompleteExternalLogin, ListLinkedIdentities, UnlinkIdentity {}
