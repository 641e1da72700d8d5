// The waiting room: a calm message, who the facilitators are and whether they are here, and a
// microphone meter and device choice so the person can check their set-up while they wait.
import { useId, type ReactElement } from 'react';
import type { HostInfo } from '@common-ground/signalling/protocol';
import { useStore } from '../hooks.ts';
import { MaskingControls } from '../masking/MaskingControls.tsx';
import type { Session } from '../session.ts';
import { DevicePickers } from './DeviceSelect.tsx';
import { HostList } from './HostList.tsx';
import { MicMeter } from './MicMeter.tsx';
import './panels.css';

export function WaitingPanel({ hosts, session }: { hosts: readonly HostInfo[]; session: Session }): ReactElement {
  const { localMedia } = session;
  const media = useStore(localMedia);
  const titleId = useId();
  return (
    <section className="side-panel waiting" aria-labelledby={titleId}>
      <h2 id={titleId} className="side-panel__title" data-testid="waiting-message">
        Please wait, the facilitator will bring you in
      </h2>
      <p className="side-panel__text">
        While you wait, you can check your camera and microphone. The bar below moves when you speak.
      </p>
      <HostList hosts={hosts} />
      <div className="device-check">
        <div className="device-check__meter">
          <span className="device-check__label">Microphone</span>
          <MicMeter track={media.audioTrack} muted={!media.micOn} />
        </div>
        <DevicePickers localMedia={localMedia} />
        <MaskingControls maskedMedia={session.maskedMedia} />
      </div>
    </section>
  );
}
