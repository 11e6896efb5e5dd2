import { KeyholdError } from './keyhold';

export type Notice = { kind: 'success' | 'error'; text: string; fields?: string[] } | null;

/** The notice of a failed call: Keyhold's message, and each field's message for `validation_failed`. */
export function failure(e: unknown): Notice {
  if (e instanceof KeyholdError) {
    return { kind: 'error', text: e.message, fields: e.fieldErrors.map((f) => f.message) };
  }
  return { kind: 'error', text: 'Something went wrong. Try again.' };
}

/** Where a screen says how its last action went; read out by screen readers as it changes. */
export function Message({ notice, id = 'message' }: { notice: Notice; id?: string }) {
  if (notice === null) {
    return null;
  }
  return (
    <div id={id} className={notice.kind} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <p>{notice.text}</p>
      {notice.fields && notice.fields.length > 0 && (
        <ul>
          {notice.fields.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
