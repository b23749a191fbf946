import { useId } from "react";
import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";

interface FieldFrameProps {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  /** Marks the label with an asterisk; the input's `required` tells assistive technology. */
  requiredMark?: boolean;
  children: ReactNode;
}

/** The asterisk beside a required field's label, outside the label so it is not in its name. */
export function RequiredMark() {
  return (
    <span className="required-mark" aria-hidden="true" title="Required">
      *
    </span>
  );
}

/** A field's hint, or its error messages when it has any; `${id}-hint` and `${id}-errors` are
 * what the control's `aria-describedby` names. */
export function FieldMessages({
  id,
  hint,
  errors,
}: {
  id: string;
  hint?: string;
  errors?: string[];
}) {
  if (errors?.length) {
    return (
      <ul className="field-errors" id={`${id}-errors`}>
        {errors.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    );
  }
  return hint ? (
    <p className="field-hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

/** A label, its control (`children`, whose id is `id`), the hint and the error messages. */
export function FieldFrame({ id, label, hint, errors, requiredMark, children }: FieldFrameProps) {
  return (
    <div className={errors?.length ? "field field-invalid" : "field"}>
      {requiredMark ? (
        <span className="label-row">
          <label htmlFor={id}>{label}</label>
          <RequiredMark />
        </span>
      ) : (
        <label htmlFor={id}>{label}</label>
      )}
      {children}
      <FieldMessages id={id} hint={hint} errors={errors} />
    </div>
  );
}

export function describedBy(id: string, hint?: string, errors?: string[]): string | undefined {
  if (errors?.length) return `${id}-errors`;
  if (hint) return `${id}-hint`;
  return undefined;
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id"> & {
  label: string;
  hint?: string;
  errors?: string[];
};

/** A labelled input with its hint and its error messages. */
export function TextField({ label, hint, errors, ...input }: TextFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} requiredMark={input.required}>
      <input
        id={id}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        {...input}
      />
    </FieldFrame>
  );
}

type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> & {
  label: string;
  hint?: string;
  errors?: string[];
};

export function TextAreaField({ label, hint, errors, ...textarea }: TextAreaFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} requiredMark={textarea.required}>
      <textarea
        id={id}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        {...textarea}
      />
    </FieldFrame>
  );
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & {
  label: string;
  hint?: string;
  errors?: string[];
};

export function SelectField({ label, hint, errors, children, ...select }: SelectFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} requiredMark={select.required}>
      <select
        id={id}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        {...select}
      >
        {children}
      </select>
    </FieldFrame>
  );
}
