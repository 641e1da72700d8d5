// A labelled <select> for choosing a camera or microphone.
import { useId, type ReactElement } from 'react';
import { useStore } from '../hooks.ts';
import type { DeviceOption, LocalMedia } from '../media/localMedia.ts';

interface DeviceSelectProps {
  label: string;
  devices: readonly DeviceOption[];
  value: string | null;
  onChange: (deviceId: string) => void;
  testId: string;
  disabled?: boolean;
}

export function DeviceSelect({ label, devices, value, onChange, testId, disabled }: DeviceSelectProps): ReactElement {
  const id = useId();
  const empty = devices.length === 0;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="field__control"
        data-testid={testId}
        value={value ?? ''}
        disabled={disabled || empty}
        onChange={(e) => onChange(e.target.value)}
      >
        {empty && <option value="">None found</option>}
        {!empty && value === null && <option value="">Default</option>}
        {devices.map((d) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The camera and microphone choosers, bound to the user's local media (join page and waiting room). */
export function DevicePickers({ localMedia, disabled }: { localMedia: LocalMedia; disabled?: boolean }): ReactElement {
  const media = useStore(localMedia);
  return (
    <>
      <DeviceSelect
        label="Camera"
        devices={media.cameras}
        value={media.cameraId}
        onChange={(id) => void localMedia.selectCamera(id)}
        testId="camera-select"
        {...(disabled === undefined ? {} : { disabled })}
      />
      <DeviceSelect
        label="Microphone"
        devices={media.microphones}
        value={media.microphoneId}
        onChange={(id) => void localMedia.selectMicrophone(id)}
        testId="mic-select"
        {...(disabled === undefined ? {} : { disabled })}
      />
    </>
  );
}
