import type { ReactNode } from "react";
import type { FieldDefinition, FormSection } from "../api/client";
import { formatCents, formatMoney, parseDecimal, toScaled } from "./decimal";

/** A materials-table line as the server stores it. */
interface StoredLine {
  material_id: number | null;
  name: string;
  description: string;
  quantity: string;
  unit: string;
  unit_cost: string;
  amount: string;
}

function cents(text: string): bigint {
  const parsed = parseDecimal(text);
  return (parsed && toScaled(parsed, 2)) ?? 0n;
}

export function formatDate(text: string): string {
  const [year, month, day] = text.split("-").map(Number);
  if (!year || !month || !day) return text;
  return new Date(year, month - 1, day).toLocaleDateString("en-US", { dateStyle: "medium" });
}

function StoredMaterials({ field, lines }: { field: FieldDefinition; lines: StoredLine[] }) {
  const total = lines.reduce((sum, line) => sum + cents(line.amount), 0n);
  return (
    <div className="table-wrap">
      <table className="table materials-table materials-table-read">
        <caption className="visually-hidden">{field.label}</caption>
        <thead>
          <tr>
            <th scope="col">Material</th>
            <th scope="col">Description</th>
            <th scope="col" className="numeric">
              Qty
            </th>
            <th scope="col">Unit</th>
            <th scope="col" className="numeric">
              Unit cost
            </th>
            <th scope="col" className="numeric">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, index) => (
            <tr key={index}>
              <td data-column="Material">
                <span className="cell-strong">{line.name}</span>
                {line.material_id === null && <span className="cell-secondary">Free text</span>}
              </td>
              <td data-column="Description">
                {line.description || <span className="muted">—</span>}
              </td>
              <td className="numeric" data-column="Qty">
                {line.quantity}
              </td>
              <td data-column="Unit">{line.unit}</td>
              <td className="numeric" data-column="Unit cost">
                {formatMoney(line.unit_cost)}
              </td>
              <td className="numeric" data-column="Amount">
                {formatMoney(line.amount)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="materials-total">
            <th scope="row" colSpan={5}>
              Total
            </th>
            <td className="numeric">{formatCents(total)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function storedValue(field: FieldDefinition, value: unknown): ReactNode {
  const empty = <span className="muted">—</span>;
  if (value === undefined || value === null || value === "") return empty;
  switch (field.type) {
    case "currency":
      return formatMoney(String(value));
    case "date":
      return formatDate(String(value));
    case "yes_no":
      return value ? "Yes" : "No";
    case "choose": {
      const chosen = Array.isArray(value) ? (value as { id: number; name: string }[]) : [];
      if (!chosen.length) return empty;
      return (
        <ul className="chips">
          {chosen.map((entry) => (
            <li key={entry.id} className="chip">
              {entry.name}
            </li>
          ))}
        </ul>
      );
    }
    case "materials_table":
      return Array.isArray(value) && value.length ? (
        <StoredMaterials field={field} lines={value as StoredLine[]} />
      ) : (
        empty
      );
    case "long_text":
      return <span className="pre-wrap">{String(value)}</span>;
    default:
      return String(value);
  }
}

/** A submitted form, read-only: each section's fields with the values stored for them. */
export function SubmittedValues({
  sections,
  data,
}: {
  sections: FormSection[];
  data: Record<string, unknown>;
}) {
  return (
    <div className="form-sections">
      {sections.map((section) => (
        <section key={section.id} className="form-section" aria-label={section.title || undefined}>
          {section.title && <h2 className="form-section-title">{section.title}</h2>}
          <dl className="submitted-fields">
            {section.fields.map((field) => (
              <div
                key={field.id}
                className={
                  field.type === "materials_table" ? "submitted-field wide" : "submitted-field"
                }
              >
                <dt>{field.label}</dt>
                <dd>{storedValue(field, data[field.id])}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
