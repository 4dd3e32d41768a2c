'use client';

import { focusRing } from '../ui';

/**
 * An on/off setting that applies at once: a real checkbox (role=switch) drawn as a switch, with
 * its own focus ring; the knob is only a picture of its state.
 */
export function Switch(props: {
  id: string;
  checked: boolean;
  describedBy?: string;
  onChange: (checked: boolean) => void;
}) {
  return (
    <span className="relative inline-flex shrink-0">
      <input
        id={props.id}
        type="checkbox"
        role="switch"
        checked={props.checked}
        aria-checked={props.checked}
        aria-describedby={props.describedBy}
        onChange={(event) => props.onChange(event.target.checked)}
        className={`peer h-6 w-11 cursor-pointer appearance-none rounded-full border border-border-strong bg-surface-2 transition-colors checked:border-accent checked:bg-accent ${focusRing}`}
      />
      <span
        aria-hidden="true"
        className="pointer-events-none absolute start-1 top-1 size-4 rounded-full bg-muted transition-transform peer-checked:translate-x-5 peer-checked:bg-accent-contrast rtl:peer-checked:-translate-x-5"
      />
    </span>
  );
}
