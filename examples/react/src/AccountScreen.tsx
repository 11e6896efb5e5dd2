import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { KeyholdSession, Organization, Profile } from './keyhold';
import { failure, Message } from './Message';
import type { Notice } from './Message';

/** Roles that may invite (they hold `invitations:write` in Keyhold's built-in roles). */
const INVITING_ROLES = ['owner', 'admin'];

/** The signed-in user: their profile (`GET /me`) and their organizations, with forms to create one and to invite. */
export function AccountScreen({ session }: { session: KeyholdSession }) {
  const [me, setMe] = useState<Profile | null>(null);
  const [orgs, setOrgs] = useState<Organization[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  const load = useCallback(async () => {
    try {
      const [profile, organizations] = await Promise.all([session.me(), session.organizations()]);
      setMe(profile);
      setOrgs(organizations);
    } catch (e) {
      setNotice(failure(e));
    }
  }, [session]);

  useEffect(() => {
    load();
  }, [load]);

  return (
    <>
      <Message notice={notice} />
      <section id="me">
        <h1>Your account</h1>
        {me === null ? (
          <p>Loading...</p>
        ) : (
          <dl>
            <dt>Email</dt>
            <dd id="me-email">{me.email}</dd>
            <dt>Name</dt>
            <dd id="me-name">{me.display_name ?? '(none)'}</dd>
            <dt>Email confirmed</dt>
            <dd id="me-verified">{me.email_verified ? 'yes' : 'no'}</dd>
            <dt>Two-factor sign-in</dt>
            <dd id="me-mfa">{me.mfa_enabled ? 'on' : 'off'}</dd>
            <dt>Member since</dt>
            <dd>{new Date(me.created_at).toLocaleDateString()}</dd>
          </dl>
        )}
      </section>
      <section id="organizations">
        <h2>Organizations</h2>
        {orgs !== null && orgs.length === 0 && <p id="no-orgs">You belong to no organization yet.</p>}
        {orgs !== null && orgs.length > 0 && (
          <ul id="org-list">
            {orgs.map((org) => (
              <li key={org.id} data-org-id={org.id}>
                <strong className="org-name">{org.name}</strong> <code>{org.slug}</code>{' '}
                <span className="org-role">{org.role}</span>
              </li>
            ))}
          </ul>
        )}
        <CreateOrganization session={session} onCreated={load} />
        {orgs !== null && <Invite session={session} orgs={orgs.filter((o) => INVITING_ROLES.includes(o.role))} />}
      </section>
    </>
  );
}

function CreateOrganization({ session, onCreated }: { session: KeyholdSession; onCreated: () => Promise<void> }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      const org = await session.createOrganization(name);
      setName('');
      setNotice({ kind: 'success', text: `${org.name} is created; its slug is ${org.slug}.` });
      await onCreated();
    } catch (e) {
      setNotice(failure(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form id="create-org-form" onSubmit={submit}>
      <h3>Create an organization</h3>
      <Message notice={notice} id="create-org-message" />
      <label htmlFor="org-name">Name</label>
      <input id="org-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      <button type="submit" disabled={busy}>Create</button>
    </form>
  );
}

function Invite({ session, orgs }: { session: KeyholdSession; orgs: Organization[] }) {
  const [orgId, setOrgId] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('member');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  if (orgs.length === 0) {
    return null;
  }
  const chosen = orgs.some((o) => o.id === orgId) ? orgId : orgs[0].id;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      const invitation = await session.invite(chosen, email, role);
      setEmail('');
      setNotice({ kind: 'success', text: `Invitation sent to ${invitation.email}.` });
    } catch (e) {
      setNotice(failure(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form id="invite-form" onSubmit={submit}>
      <h3>Invite someone</h3>
      <Message notice={notice} id="invite-message" />
      <label htmlFor="invite-org">Organization</label>
      <select id="invite-org" value={chosen} onChange={(e) => setOrgId(e.target.value)}>
        {orgs.map((org) => (
          <option key={org.id} value={org.id}>{org.name}</option>
        ))}
      </select>
      <label htmlFor="invite-email">Their email address</label>
      <input id="invite-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor="invite-role">Role</label>
      <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value)}>
        <option value="member">member</option>
        <option value="admin">admin</option>
      </select>
      <button type="submit" disabled={busy}>Send invitation</button>
    </form>
  );
}
