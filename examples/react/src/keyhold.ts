/**
 * Keyhold's API as this app uses it, on the app's own origin (`/api/v1/...`), in the refresh cookie mode: every
 * sign-in, refresh and logout sends `X-Keyhold-Refresh-Cookie: 1`, so the refresh token travels only in Keyhold's
 * HttpOnly cookie, which script cannot read, and the access token lives in this object's memory, never in
 * localStorage or sessionStorage. A page reload forgets the access token; {@link KeyholdSession.resume} gets a new
 * one from the cookie.
 */

/** The header that opts a request into the refresh cookie, and that guards the cookie against cross-site requests. */
const OPT_IN = { 'X-Keyhold-Refresh-Cookie': '1' } as const;
/** Refresh this long before the access token expires, so that no call goes out with a token about to die. */
const EARLY_MS = 30_000;

export type FieldError = { field: string; code: string; message: string };

/** A refusal from Keyhold: its stable `code` (`invalid_credentials`, `validation_failed`, ...) and what to show. */
export class KeyholdError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'KeyholdError';
  }
}

export type Profile = {
  id: string;
  email: string;
  display_name: string | null;
  email_verified: boolean;
  status: string;
  created_at: string;
  mfa_enabled: boolean;
};

export type Organization = {
  id: string;
  name: string;
  slug: string;
  require_mfa: boolean;
  created_at: string;
  role: string;
};

export type Invitation = {
  id: string;
  email: string;
  role: string;
  expires_at: string;
  status: string;
};

/** What a password sign-in ends with: signed in, or asked for the code of the user's authenticator app. */
export type SignIn = { kind: 'signed_in' } | { kind: 'mfa_required'; mfaToken: string; methods: string[] };

type TokenResponse = { access_token: string; token_type: string; expires_in: number; refresh_token?: string };
type MfaChallenge = { mfa_required: true; mfa_token: string; expires_in: number; methods: string[] };

/** Calls that need no session: registration and the verification link. */
export async function register(email: string, password: string, displayName: string | null): Promise<void> {
  await call('POST', '/register', { email, password, display_name: displayName });
}

export async function verifyEmail(token: string): Promise<void> {
  await call('POST', '/verify-email', { token });
}

export async function resendVerification(email: string): Promise<void> {
  await call('POST', '/verify-email/resend', { email });
}

/**
 * One signed-in user's session. Thread-safety in a browser means one refresh at a time: every caller that needs a
 * new access token while a refresh is running waits for that refresh. Two refreshes would present one refresh token
 * twice, which Keyhold takes for theft and answers by ending the session.
 */
export class KeyholdSession {
  private access: { token: string; expiresAt: number } | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners = new Set<(signedIn: boolean) => void>();

  /** Calls `listener` whenever the session starts or ends; answers the function that stops it. */
  onChange(listener: (signedIn: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get signedIn(): boolean {
    return this.access !== null;
  }

  /** Password sign-in; the refresh token comes back as the cookie, not in the body. */
  async login(email: string, password: string): Promise<SignIn> {
    const answer = await call<TokenResponse | MfaChallenge>('POST', '/login', { email, password }, OPT_IN);
    if ('mfa_required' in answer) {
      return { kind: 'mfa_required', mfaToken: answer.mfa_token, methods: answer.methods };
    }
    this.keep(answer);
    return { kind: 'signed_in' };
  }

  /** The second step of a sign-in with two-factor: the code of the authenticator app, or a recovery code. */
  async completeMfa(mfaToken: string, code: string): Promise<void> {
    const body = /^\d{6}$/.test(code.trim())
      ? { mfa_token: mfaToken, code: code.trim() }
      : { mfa_token: mfaToken, recovery_code: code };
    this.keep(await call<TokenResponse>('POST', '/login/mfa', body, OPT_IN));
  }

  /** After a page load: a new access token from the refresh cookie, if there is one. Whether the user is signed in. */
  resume(): Promise<boolean> {
    return this.refresh();
  }

  /**
   * A new access token from the cookie (which Keyhold rotates); single-flight. False when there is no session any
   * more (no cookie, or one Keyhold no longer accepts); other failures (Keyhold unreachable, 503) are thrown.
   */
  refresh(): Promise<boolean> {
    if (this.refreshing === null) {
      this.refreshing = this.refreshOnce().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  /** An authenticated call; refreshes first when the access token has (almost) expired, and once on a 401. */
  async api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await this.currentToken();
    try {
      return await call<T>(method, path, body, { Authorization: `Bearer ${token}` });
    } catch (e) {
      if (!(e instanceof KeyholdError) || e.status !== 401) {
        throw e;
      }
      // a session ended elsewhere, or a token that expired on the way: one refresh decides which
      const retry = this.access?.token !== token ? this.access?.token : await this.renewed();
      return call<T>(method, path, body, { Authorization: `Bearer ${retry}` });
    }
  }

  me(): Promise<Profile> {
    return this.api<Profile>('GET', '/me');
  }

  async organizations(): Promise<Organization[]> {
    return (await this.api<{ items: Organization[] }>('GET', '/orgs')).items;
  }

  createOrganization(name: string): Promise<Organization> {
    return this.api<Organization>('POST', '/orgs', { name });
  }

  invite(orgId: string, email: string, role: string): Promise<Invitation> {
    return this.api<Invitation>('POST', `/orgs/${encodeURIComponent(orgId)}/invite`, { email, role });
  }

  /** Ends the session at Keyhold (which clears the cookie) and forgets the access token. */
  async logout(): Promise<void> {
    try {
      await call<void>('POST', '/logout', undefined, OPT_IN);
    } finally {
      this.end();
    }
  }

  private async currentToken(): Promise<string> {
    if (this.access !== null && this.access.expiresAt - EARLY_MS > Date.now()) {
      return this.access.token;
    }
    return this.renewed();
  }

  private async renewed(): Promise<string> {
    if (!(await this.refresh()) || this.access === null) {
      throw new KeyholdError(401, 'signed_out', 'You are signed out. Sign in again.');
    }
    return this.access.token;
  }

  private async refreshOnce(): Promise<boolean> {
    try {
      this.keep(await call<TokenResponse>('POST', '/refresh', undefined, OPT_IN));
      return true;
    } catch (e) {
      if (e instanceof KeyholdError && e.status === 401) {
        this.end();
        return false;
      }
      throw e;
    }
  }

  private keep(tokens: TokenResponse): void {
    const wasSignedIn = this.signedIn;
    this.access = { token: tokens.access_token, expiresAt: Date.now() + tokens.expires_in * 1000 };
    if (!wasSignedIn) {
      this.listeners.forEach((listener) => listener(true));
    }
  }

  private end(): void {
    const wasSignedIn = this.signedIn;
    this.access = null;
    if (wasSignedIn) {
      this.listeners.forEach((listener) => listener(false));
    }
  }
}

/**
 * One call to `/api/v1{path}`: a JSON body when there is one, none at all otherwise (the cookie routes read the
 * cookie only when the body is empty). Problems (RFC 9457) become a {@link KeyholdError}.
 */
async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: 'application/json', ...headers }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, init);
  } catch {
    throw new KeyholdError(0, 'unreachable', 'Keyhold cannot be reached. Check your connection and try again.');
  }
  const text = await response.text();
  const json = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) {
    throw new KeyholdError(
      response.status,
      json?.code ?? 'http_' + response.status,
      json?.detail ?? json?.title ?? `Keyhold answered ${response.status}.`,
      json?.errors ?? [],
    );
  }
  return json as T;
}
