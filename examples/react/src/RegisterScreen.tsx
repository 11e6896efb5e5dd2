import { useState } from 'react';
import type { FormEvent } from 'react';
import { register } from './keyhold';
import { failure, Message } from './Message';
import type { Notice } from './Message';
import { follow } from './navigation';

/** Registration. Keyhold answers alike whether or not the address is taken; the mail says which. */
export function RegisterScreen() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      await register(email, password, displayName.trim() === '' ? null : displayName);
      setDone(true);
      setNotice({ kind: 'success', text: `Check your inbox: we sent a link to confirm ${email}.` });
    } catch (e) {
      setNotice(failure(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <h1>Create an account</h1>
      <Message notice={notice} />
      {!done && (
        <form id="register-form" onSubmit={submit}>
          <label htmlFor="register-email">Email address</label>
          <input id="register-email" type="email" autoComplete="email" required value={email}
            onChange={(e) => setEmail(e.target.value)} />
          <label htmlFor="register-password">Password (at least 8 characters)</label>
          <input id="register-password" type="password" autoComplete="new-password" required minLength={8}
            value={password} onChange={(e) => setPassword(e.target.value)} />
          <label htmlFor="register-name">Name (optional)</label>
          <input id="register-name" type="text" autoComplete="name" value={displayName}
            onChange={(e) => setDisplayName(e.target.value)} />
          <button type="submit" disabled={busy}>Create account</button>
        </form>
      )}
      <p>
        Have an account? <a href="/" onClick={follow}>Sign in</a>
      </p>
    </section>
  );
}
