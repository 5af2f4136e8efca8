// Spend in one currency by revenue category: a donut and the same figures as a table (for screen readers and
// for reading exact amounts), in the locale of a place that uses the currency.
import { useMemo } from "react";
import { Chart, type ChartOption } from "./Chart";
import { categoryLabel, money, type Place } from "../format";

export function SpendByCategory({ currency, cats, place }: { currency: string; cats: Record<string, number>; place: Place }) {
  const rows = Object.entries(cats).sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((t, [, v]) => t + v, 0);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "item", valueFormatter: (v) => money(Number(v), currency, place) },
      legend: { bottom: 0 },
      series: [
        {
          type: "pie",
          radius: ["45%", "70%"],
          label: { show: false },
          data: rows.map(([c, v]) => ({ name: categoryLabel(c), value: v })),
        },
      ],
    }),
    [currency, place.locale, JSON.stringify(rows)],
  );
  return (
    <div className="spend" data-testid={`spend-${currency}`}>
      <Chart option={option} label={`Spend in ${currency} by category`} height={220} />
      <table>
        <caption>{currency}</caption>
        <tbody>
          {rows.map(([c, v]) => (
            <tr key={c}>
              <th scope="row">{categoryLabel(c)}</th>
              <td className="num">{money(v, currency, place)}</td>
            </tr>
          ))}
          <tr className="total">
            <th scope="row">Total</th>
            <td className="num">{money(total, currency, place)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

