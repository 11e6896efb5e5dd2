import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { KeyholdError } from './keyhold';
import type { KeyholdSession } from './keyhold';
import { failure, Message } from './Message';
import type { Notice } from './Message';

/** Sign-in with email and password, then the authenticator app's code when the account has two-factor sign-in. */
export function SignInScreen({ session }: { session: KeyholdSession }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const codeField = useRef<HTMLInputElement>(null);

  // the second step asks for one thing: put the cursor there
  useEffect(() => {
    if (mfaToken !== null) {
      codeField.current?.focus();
    }
  }, [mfaToken]);

  async function signIn(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      const result = await session.login(email, password);
      if (result.kind === 'mfa_required') {
        setPassword('');
        setMfaToken(result.mfaToken);
      }
    } catch (e) {
      setNotice(failure(e));
    } finally {
      setBusy(false);
    }
  }

  async function secondFactor(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      await session.completeMfa(mfaToken!, code);
    } catch (e) {
      setNotice(failure(e));
      setCode('');
      // the challenge is used up, expired or dead after too many wrong codes: back to the password
      if (e instanceof KeyholdError && e.code === 'invalid_mfa_token') {
        setMfaToken(null);
      }
    } finally {
      setBusy(false);
    }
  }

  if (mfaToken !== null) {
    return (
      <section>
        <h1>Two-factor sign-in</h1>
        <Message notice={notice} />
        <form id="mfa-form" onSubmit={secondFactor}>
          <label htmlFor="code">The 6-digit code from your authenticator app, or a recovery code</label>
          <input id="code" ref={codeField} autoComplete="one-time-code" inputMode="numeric" required value={code}
            onChange={(e) => setCode(e.target.value)} />
          <button type="submit" disabled={busy}>Verify</button>
        </form>
      </section>
    );
  }
  return (
    <section>
      <h1>Sign in</h1>
      <Message notice={notice} />
      <form id="sign-in-form" onSubmit={signIn}>
        <label htmlFor="email">Email address</label>
        <input id="email" type="email" autoComplete="username" required value={email}
          onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="password">Password</label>
        <input id="password" type="password" autoComplete="current-password" required value={password}
          onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" disabled={busy}>Sign in</button>
      </form>
    </section>
  );
}
