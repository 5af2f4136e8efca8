import type { ReactNode } from "react";

/** One headline figure: its label, the formatted value, and a test id where a test reads it. */
export interface Kpi {
  label: string;
  value: ReactNode;
  testId?: string;
}

/** A row of headline figures. */
export function Kpis({ items, testId }: { items: Kpi[]; testId?: string }) {
  return (
    <dl className="kpis" data-testid={testId}>
      {items.map((k) => (
        <div key={k.label}>
          <dt>{k.label}</dt>
          <dd data-testid={k.testId}>{k.value}</dd>
        </div>
      ))}
    </dl>
  );
}
