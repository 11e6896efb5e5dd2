import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { KeyholdSession } from './keyhold';
import './styles.css';

// One session for the page: the access token lives here, in memory, and nowhere else.
const session = new KeyholdSession();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App session={session} />
  </StrictMode>,
);
