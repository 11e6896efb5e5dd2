import { useEffect, useState } from 'react';
import { AccountScreen } from './AccountScreen';
import type { KeyholdSession } from './keyhold';
import { follow, usePath } from './navigation';
import { RegisterScreen } from './RegisterScreen';
import { SignInScreen } from './SignInScreen';
import { VerifyEmailScreen } from './VerifyEmailScreen';

type State = 'resuming' | 'signed_in' | 'signed_out' | 'unreachable';

/**
 * The app's frame and its routes: `/register`, `/verify-email?token=...` (where Keyhold's mailed link lands when
 * `LINK_BASE_URL` points here), and `/`, which is the account when signed in and the sign-in form otherwise.
 */
export function App({ session }: { session: KeyholdSession }) {
  const path = usePath();
  const [state, setState] = useState<State>('resuming');

  useEffect(() => {
    const stop = session.onChange((signedIn) => setState(signedIn ? 'signed_in' : 'signed_out'));
    // a reload forgot the access token: the refresh cookie, if any, gets a new one
    session
      .resume()
      .then((signedIn) => setState(signedIn ? 'signed_in' : 'signed_out'))
      .catch(() => setState('unreachable'));
    return stop;
  }, [session]);

  return (
    <>
      <header>
        <a href="/" onClick={follow} className="brand">
          Keyhold React example
        </a>
        <nav>
          {state === 'signed_out' && path !== '/register' && (
            <a href="/register" onClick={follow} id="to-register">
              Create an account
            </a>
          )}
          {state === 'signed_in' && (
            <button type="button" id="logout" onClick={() => session.logout().catch(() => setState('signed_out'))}>
              Sign out
            </button>
          )}
        </nav>
      </header>
      <main>{screen(path, state, session)}</main>
    </>
  );
}

function screen(path: string, state: State, session: KeyholdSession) {
  if (path === '/verify-email') {
    return <VerifyEmailScreen />;
  }
  if (path === '/register') {
    return <RegisterScreen />;
  }
  switch (state) {
    case 'resuming':
      return <p id="resuming">Loading...</p>;
    case 'unreachable':
      return (
        <p id="message" className="error" role="alert">
          Keyhold cannot be reached. Reload the page to try again.
        </p>
      );
    case 'signed_in':
      return <AccountScreen session={session} />;
    case 'signed_out':
      return <SignInScreen session={session} />;
  }
}
