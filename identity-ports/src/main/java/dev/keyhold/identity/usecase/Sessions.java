package dev.keyhold.identity.usecase;

/** The session use cases: refresh, logout, and authenticating requests by access token. */
public interface Sessions
    extends RotateRefreshToken, Logout, LogoutEverywhere, AuthenticateAccessToken, PublishKeys, ListSessions,
        EndSession {}
