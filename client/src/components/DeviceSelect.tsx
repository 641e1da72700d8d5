// A labelled <select> for choosing a camera or microphone.
import { useId, type ReactElement } from 'react';
import type { DeviceOption } from '../media/localMedia.ts';

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
