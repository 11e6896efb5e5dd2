import { useState } from 'react';
import type { FormEvent } from 'react';
import { resendVerification, verifyEmail } from './keyhold';
import { failure, Message } from './Message';
import type { Notice } from './Message';
import { follow } from './navigation';

/**
 * Where the mailed verification link lands (`/verify-email?token=...`). Opening it changes nothing: mail scanners
 * open links too. The token is posted only when the user presses the button.
 */
export function VerifyEmailScreen() {
  const token = new URLSearchParams(window.location.search).get('token');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(
    token ? null : { kind: 'error', text: 'This link is incomplete. Open the link from the mail again.' },
  );
  const [state, setState] = useState<'ready' | 'verified' | 'refused'>('ready');
  const [email, setEmail] = useState('');

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await verifyEmail(token!);
      setState('verified');
      setNotice({ kind: 'success', text: 'Your email address is confirmed. You can sign in now.' });
    } catch (e) {
      setState('refused');
      setNotice(failure(e));
    } finally {
      setBusy(false);
    }
  }

  async function resend(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await resendVerification(email);
      setNotice({ kind: 'success', text: 'If the address has an unverified account, we have sent a new link.' });
    } catch (e) {
      setNotice(failure(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <h1>Confirm your email address</h1>
      <Message notice={notice} />
      {token && state === 'ready' && (
        <form id="verify-form" onSubmit={confirm}>
          <p>Press the button to confirm the address you registered with.</p>
          <button type="submit" id="verify" disabled={busy}>Confirm my email address</button>
        </form>
      )}
      {state === 'verified' && (
        <p>
          <a href="/" onClick={follow} id="to-sign-in">Sign in</a>
        </p>
      )}
      {state === 'refused' && (
        <form id="resend-form" onSubmit={resend}>
          <label htmlFor="resend-email">Email address, for a new link</label>
          <input id="resend-email" type="email" autoComplete="email" required value={email}
            onChange={(e) => setEmail(e.target.value)} />
          <button type="submit" disabled={busy}>Send a new link</button>
        </form>
      )}
    </section>
  );
}
