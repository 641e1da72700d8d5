// /messages#token=…: a party's recorded messages. A neutral notice when something new arrived,
// the composer, what they received (play or read, reply) and what they sent (every state, until
// it was viewed or withdrawn). The join token in the fragment is the party's key; it never
// reaches the server's logs as part of a URL.
import { useCallback, useEffect, useMemo, useState, type ReactElement, type ReactNode } from 'react';
import type { MessageView } from '@common-ground/signalling/protocol';
import { AlertIcon } from '../components/Icons.tsx';
import { useStore } from '../hooks.ts';
import { readJoinToken, type JoinToken } from '../joinToken.ts';
import { ErrorPage } from '../pages/ErrorPage.tsx';
import { PageShell } from '../pages/PageShell.tsx';
import { Composer, type ComposeMode } from './Composer.tsx';
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog.tsx';
import { messageErrorText } from './messageErrors.ts';
import { MessageRow } from './MessageRow.tsx';
import { MyConsents } from './MyConsents.tsx';
import { PartyMessagesStore } from './messagesStore.ts';
import { newestFirst, noticeText, unopened } from './messageStatus.ts';
import { UploadManager } from './uploads.ts';
import '../components/dialog.css';
import './messages.css';

export function MessagesRoute(): ReactElement {
  const join = useMemo(() => readJoinToken(window.location.hash), []);
  if (!join) return <ErrorPage kind="invalid-link" />;
  return <MessagesPage join={join} />;
}

interface Services {
  readonly store: PartyMessagesStore;
  readonly uploads: UploadManager;
}

function createServices(token: string): Services {
  const holder: { store: PartyMessagesStore | null } = { store: null };
  const uploads = new UploadManager(token, () => void holder.store?.refresh());
  const store = new PartyMessagesStore(token, () => uploads.busy());
  holder.store = store;
  return { store, uploads };
}

function MessagesPage({ join }: { join: JoinToken }): ReactElement {
  const [services] = useState(() => createServices(join.token));
  const { store, uploads } = services;
  const state = useStore(store);
  const uploadMap = useStore(uploads);
  const [mode, setMode] = useState<ComposeMode | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<ConfirmRequest | null>(null);

  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);

  // Closing the page stops an upload: ask first.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent): void => {
      if (!uploads.busy()) return;
      e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [uploads]);

  const compose = useCallback((next: ComposeMode) => {
    setDone(null);
    setMode(next);
    window.scrollTo({ top: 0, behavior: 'smooth' });
  }, []);
  const onChanged = useCallback((m: MessageView) => store.replace(m), [store]);
  const onReply = useCallback((m: MessageView) => compose({ type: 'reply', to: m }), [compose]);
  const onNewVersion = useCallback((m: MessageView) => compose({ type: 'version', of: m }), [compose]);

  if (state.status === 'loading') {
    return (
      <Frame token={join.token}>
        <p role="status">Loading your messages…</p>
      </Frame>
    );
  }
  if (state.status === 'error') {
    return (
      <Frame token={join.token}>
        <div className="notice notice--error" role="alert" data-testid="messages-error">
          <AlertIcon />
          <span>{messageErrorText(state.error, 'party')}</span>
          <button type="button" className="msg-link-button" onClick={() => void store.refresh()}>
            Try again
          </button>
        </div>
      </Frame>
    );
  }

  const { data } = state;
  const received = newestFirst(data.messages.filter((m) => m.direction === 'received'));
  const sent = newestFirst(data.messages.filter((m) => m.direction === 'sent'));
  const notice = noticeText(unopened(data.messages));
  const row = (m: MessageView) => (
    <MessageRow
      key={m.id}
      message={m}
      token={join.token}
      otherSide={data.otherSide.label}
      upload={uploadMap.get(m.id)}
      uploads={uploads}
      onChanged={onChanged}
      onReply={onReply}
      onNewVersion={onNewVersion}
      confirm={setConfirming}
    />
  );

  return (
    <Frame token={join.token}>
      <div aria-live="polite" className="msg-live">
        {notice && (
          <p className="msg-inbox-notice" data-testid="inbox-notice">
            {notice}
          </p>
        )}
        {done && (
          <p className="notice notice--done" data-testid="message-done">
            {done}
          </p>
        )}
      </div>
      {state.error !== null && (
        <p className="notice notice--warning" role="alert">
          <AlertIcon />
          <span>We could not check for new messages just now. We will keep trying. ({messageErrorText(state.error, 'party')})</span>
        </p>
      )}

      {mode ? (
        <Composer
          key={mode.type === 'new' ? 'new' : `${mode.type}-${mode.type === 'reply' ? mode.to.id : mode.of.id}`}
          token={join.token}
          participantId={join.claims.participantId}
          data={data}
          mode={mode}
          store={store}
          uploads={uploads}
          onClose={(text) => {
            setMode(null);
            setDone(text);
          }}
        />
      ) : (
        <button type="button" className="button button--primary msg-new" onClick={() => compose({ type: 'new' })} data-testid="message-new">
          New message
        </button>
      )}

      <section className="msg-list" aria-labelledby="msg-received">
        <h2 id="msg-received">Received</h2>
        {received.length === 0 ? <p className="msg-empty">Nothing yet. A message reaches you only after a facilitator has looked at it.</p> : <ul className="msg-list__items">{received.map(row)}</ul>}
      </section>
      <section className="msg-list" aria-labelledby="msg-sent">
        <h2 id="msg-sent">Sent by you</h2>
        {sent.length === 0 ? <p className="msg-empty">You have not sent a message yet.</p> : <ul className="msg-list__items">{sent.map(row)}</ul>}
      </section>
      <MyConsents token={join.token} confirm={setConfirming} onWithdrawn={() => void store.refresh()} />
      {confirming && <ConfirmDialog request={confirming} onClose={() => setConfirming(null)} />}
    </Frame>
  );
}

function Frame({ token, children }: { token: string; children: ReactNode }): ReactElement {
  return (
    <PageShell>
      <main className="msgs" data-testid="messages-page">
        <header className="msgs__header">
          <h1>Messages</h1>
          <p className="msgs__intro">Write, record or upload a message for the other side or for your facilitator. A facilitator looks at every message before it is passed on, and nobody can download it.</p>
          <a className="msgs__back" href={`/join#token=${encodeURIComponent(token)}`} data-testid="messages-back">
            Go to the meeting page
          </a>
        </header>
        {children}
      </main>
    </PageShell>
  );
}
