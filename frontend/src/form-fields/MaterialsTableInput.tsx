import { useEffect, useId, useRef } from "react";
import type { FieldDefinition } from "../api/client";
import { RequiredMark } from "../components/Field";
import { announce } from "../components/announcer";
import { cellKey } from "./errors";
import type { FormErrors, LineColumn } from "./errors";
import {
  effectiveUnitCost,
  formatAmount,
  lineAmountCents,
  linesTotal,
  newLineKey,
} from "./materials";
import type { MaterialLine } from "./materials";
import { SearchCombobox } from "./SearchCombobox";
import { materialSearchQuery } from "./sources";
import type { MaterialOption } from "./sources";

interface MaterialsTableInputProps {
  field: FieldDefinition;
  lines: MaterialLine[];
  errors: FormErrors;
  onChange: (lines: MaterialLine[]) => void;
  disabled?: boolean;
}

export function lineFromMaterial({ material }: MaterialOption): MaterialLine {
  return {
    key: newLineKey(),
    material: { id: material.id, name: material.name, unit_cost: material.unit_cost },
    name: material.name,
    description: material.description,
    quantity: "1",
    unit: material.unit,
    unit_cost: material.unit_cost,
  };
}

export function freeTextLine(): MaterialLine {
  return {
    key: newLineKey(),
    material: null,
    name: "",
    description: "",
    quantity: "1",
    unit: "",
    unit_cost: "",
  };
}

function CellErrors({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <ul className="field-errors cell-errors" id={id}>
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

/**
 * A materials table being filled in: catalog lines (pre-filled from the material) and, when the
 * field allows them, free-text lines; each line's amount and the total are computed as typed.
 */
export function MaterialsTableInput({
  field,
  lines,
  errors,
  onChange,
  disabled,
}: MaterialsTableInputProps) {
  const baseId = useId();
  const labelId = `${baseId}-label`;
  const allowFreeText = field.allow_free_text !== false;
  const fieldErrors = errors[field.id];
  const table = useRef<HTMLTableElement>(null);
  const focusLine = useRef<string | null>(null);
  const focusAfterRemoving = useRef<number | null>(null);
  const addMaterial = useRef<HTMLInputElement>(null);

  // A new free-text line takes the focus once it is drawn, so its material is typed at once.
  // After a line is removed, the focus goes to the Remove button now in its place (or the last
  // one), else to the search that adds a material: never to the page.
  useEffect(() => {
    if (focusLine.current) {
      const key = focusLine.current;
      focusLine.current = null;
      table.current?.querySelector<HTMLElement>(`[data-line-key="${key}"] input`)?.focus();
    }
    if (focusAfterRemoving.current !== null) {
      const index = focusAfterRemoving.current;
      focusAfterRemoving.current = null;
      const removeButtons = table.current?.querySelectorAll<HTMLElement>("[data-remove-line]");
      const next = removeButtons?.[Math.min(index, removeButtons.length - 1)];
      (next ?? addMaterial.current)?.focus();
    }
  });

  function removeLine(line: MaterialLine, index: number) {
    onChange(lines.filter((other) => other.key !== line.key));
    focusAfterRemoving.current = index;
    const name = line.material?.name ?? line.name;
    announce(`Removed line ${index + 1}${name ? `, ${name}` : ""}`);
  }

  function update(key: string, changes: Partial<MaterialLine>) {
    onChange(lines.map((line) => (line.key === key ? { ...line, ...changes } : line)));
  }

  function cell(line: MaterialLine, column: LineColumn) {
    const messages = errors[cellKey(field.id, line.key, column)];
    const errorId = `${baseId}-${line.key}-${column}-errors`;
    return {
      messages,
      errorId,
      inputProps: {
        "aria-invalid": messages?.length ? true : undefined,
        "aria-describedby": messages?.length ? errorId : undefined,
        disabled,
      },
    };
  }

  return (
    <div
      className={
        fieldErrors?.length ? "field materials-field field-invalid" : "field materials-field"
      }
      role="group"
      aria-labelledby={labelId}
      aria-describedby={fieldErrors?.length ? `${baseId}-errors` : undefined}
    >
      <span className="label-row">
        <span className="field-label" id={labelId}>
          {field.label}
        </span>
        {field.required && <RequiredMark />}
      </span>
      {field.help_text && <p className="field-hint">{field.help_text}</p>}
      <div className="table-wrap materials-table-wrap">
        <table className="table materials-table" ref={table}>
          <caption className="visually-hidden">{field.label}</caption>
          <thead>
            <tr>
              <th scope="col" className="col-material">
                Material
              </th>
              <th scope="col">Description</th>
              <th scope="col" className="numeric col-qty">
                Qty
              </th>
              <th scope="col" className="col-unit">
                Unit
              </th>
              <th scope="col" className="numeric col-cost">
                Unit cost
              </th>
              <th scope="col" className="numeric col-amount">
                Amount
              </th>
              <th scope="col" className="actions">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.length === 0 && (
              <tr className="materials-empty">
                <td colSpan={7}>
                  No materials yet. Add one from the catalog
                  {allowFreeText ? " or add a free-text line." : "."}
                </td>
              </tr>
            )}
            {lines.map((line, index) => {
              const number = index + 1;
              const material = cell(line, "material");
              const description = cell(line, "description");
              const quantity = cell(line, "quantity");
              const unit = cell(line, "unit");
              const unitCost = cell(line, "unit_cost");
              const whole = cell(line, "line");
              return (
                <tr key={line.key} data-line={number} data-line-key={line.key}>
                  <td className="col-material" data-column="Material">
                    {line.material ? (
                      <span className="cell-strong">{line.material.name}</span>
                    ) : (
                      <input
                        type="text"
                        aria-label={`Material, line ${number}`}
                        placeholder="Material name"
                        value={line.name}
                        maxLength={200}
                        onChange={(event) => update(line.key, { name: event.target.value })}
                        {...material.inputProps}
                      />
                    )}
                    <CellErrors id={material.errorId} messages={material.messages} />
                    <CellErrors id={whole.errorId} messages={whole.messages} />
                  </td>
                  <td data-column="Description">
                    <input
                      type="text"
                      aria-label={`Description, line ${number}`}
                      value={line.description}
                      onChange={(event) => update(line.key, { description: event.target.value })}
                      {...description.inputProps}
                    />
                    <CellErrors id={description.errorId} messages={description.messages} />
                  </td>
                  <td className="numeric col-qty" data-column="Qty">
                    <input
                      type="text"
                      inputMode="decimal"
                      aria-label={`Quantity, line ${number}`}
                      value={line.quantity}
                      onChange={(event) => update(line.key, { quantity: event.target.value })}
                      {...quantity.inputProps}
                    />
                    <CellErrors id={quantity.errorId} messages={quantity.messages} />
                  </td>
                  <td className="col-unit" data-column="Unit">
                    <input
                      type="text"
                      aria-label={`Unit, line ${number}`}
                      value={line.unit}
                      onChange={(event) => update(line.key, { unit: event.target.value })}
                      {...unit.inputProps}
                    />
                    <CellErrors id={unit.errorId} messages={unit.messages} />
                  </td>
                  <td className="numeric col-cost" data-column="Unit cost">
                    <input
                      type="text"
                      inputMode="decimal"
                      aria-label={`Unit cost, line ${number}`}
                      placeholder={line.material?.unit_cost ?? "0.00"}
                      value={line.unit_cost}
                      onChange={(event) => update(line.key, { unit_cost: event.target.value })}
                      {...unitCost.inputProps}
                    />
                    <CellErrors id={unitCost.errorId} messages={unitCost.messages} />
                  </td>
                  <td
                    className="numeric col-amount"
                    data-column="Amount"
                    aria-label={`Amount, line ${number}`}
                  >
                    {formatAmount(lineAmountCents(line.quantity, effectiveUnitCost(line)))}
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button button-small button-ghost"
                      aria-label={`Remove line ${number}`}
                      title="Remove line"
                      data-remove-line
                      onClick={() => removeLine(line, index)}
                      disabled={disabled}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr className="materials-total">
              <th scope="row" colSpan={5}>
                Total
              </th>
              <td className="numeric" data-testid={`${field.id}-total`}>
                <output aria-label={`${field.label} total`}>
                  {formatAmount(linesTotal(lines))}
                </output>
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      <div className="materials-actions">
        <SearchCombobox
          inputRef={addMaterial}
          ariaLabel="Add material"
          placeholder="Add material: search the catalog…"
          searchQuery={materialSearchQuery}
          onPick={(option) => {
            onChange([...lines, lineFromMaterial(option)]);
            announce(`Added ${option.name} as line ${lines.length + 1}`);
          }}
          disabled={disabled}
          invalid={Boolean(fieldErrors?.length)}
          describedBy={fieldErrors?.length ? `${baseId}-errors` : undefined}
        />
        {allowFreeText && (
          <button
            type="button"
            className="button"
            onClick={() => {
              const line = freeTextLine();
              onChange([...lines, line]);
              focusLine.current = line.key;
              announce(`Added free-text line ${lines.length + 1}`);
            }}
            disabled={disabled}
          >
            Add free-text line
          </button>
        )}
      </div>
      {fieldErrors?.length ? (
        <ul className="field-errors" id={`${baseId}-errors`}>
          {fieldErrors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
