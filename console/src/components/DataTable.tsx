// A list shown as a table, or its empty state: the shape most screens repeat (a scrolling wrapper for narrow
// screens, column headers, numeric columns aligned right).
import type { ReactNode } from "react";
import { Empty } from "./states";

export interface Column {
  label: ReactNode;
  num?: boolean;
}

export function DataTable<T>({
  columns,
  items,
  row,
  empty,
  testId,
}: {
  columns: Column[];
  items: T[];
  row: (item: T, index: number) => ReactNode;
  empty: string;
  testId?: string;
}) {
  if (items.length === 0) return <Empty title={empty} />;
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.num ? "num" : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{items.map(row)}</tbody>
      </table>
    </div>
  );
}
