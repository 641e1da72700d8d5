// The party's messages, read from GET /api/me/messages and read again on a timer: every 2 s while
// something is uploading or processing, else every 10 s. The same poll is the neutral in-app
// notification of a new message. Failures are kept beside the last good answer, never dropped.
import type { MessageView } from '@common-ground/signalling/protocol';
import { pollInterval } from './messageStatus.ts';
import { myMessages, type PartyMessages } from './partyApi.ts';

export type MessagesState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: PartyMessages; readonly error: unknown }
  | { readonly status: 'error'; readonly error: unknown };

export class PartyMessagesStore {
  readonly #token: string;
  /** Whether this page is sending something (poll quickly then). */
  readonly #uploading: () => boolean;
  #state: MessagesState = { status: 'loading' };
  readonly #listeners = new Set<() => void>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** The read in flight, so two never overlap; `again` asks for one more after it. */
  #inFlight: Promise<void> | null = null;
  #again = false;
  #running = false;

  constructor(token: string, uploading: () => boolean) {
    this.#token = token;
    this.#uploading = uploading;
  }

  readonly getSnapshot = (): MessagesState => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.refresh();
  }

  stop(): void {
    this.#running = false;
    this.#clearTimer();
  }

  /** Reads now (after the read in flight, if any), then goes back to the timer. */
  refresh(): Promise<void> {
    if (this.#inFlight) {
      this.#again = true;
      return this.#inFlight;
    }
    this.#clearTimer();
    this.#inFlight = this.#read().finally(() => {
      this.#inFlight = null;
      if (this.#again) {
        this.#again = false;
        void this.refresh();
      } else {
        this.#schedule();
      }
    });
    return this.#inFlight;
  }

  /** Shows what an action answered for one message at once, before the next read. */
  replace(message: MessageView): void {
    if (this.#state.status !== 'ready') return;
    const { data } = this.#state;
    const known = data.messages.some((m) => m.id === message.id);
    const messages = known ? data.messages.map((m) => (m.id === message.id ? message : m)) : [message, ...data.messages];
    this.#set({ status: 'ready', data: { ...data, messages }, error: null });
    this.#schedule();
  }

  async #read(): Promise<void> {
    try {
      const data = await myMessages(this.#token);
      this.#set({ status: 'ready', data, error: null });
    } catch (error) {
      console.warn('[messages] reading the messages failed; trying again on the next tick', error);
      const state = this.#state;
      this.#set(state.status === 'ready' ? { ...state, error } : { status: 'error', error });
    }
  }

  #schedule(): void {
    this.#clearTimer();
    if (!this.#running) return;
    const messages = this.#state.status === 'ready' ? this.#state.data.messages : [];
    this.#timer = setTimeout(() => void this.refresh(), pollInterval(messages, this.#uploading()));
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #set(state: MessagesState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}
