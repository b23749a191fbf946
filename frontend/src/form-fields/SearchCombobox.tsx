import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { QueryKey } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { KeyboardEvent, Ref } from "react";
import { errorMessage } from "../components/ErrorAlert";
import { useDebouncedValue } from "../components/useDebouncedValue";

export interface ComboboxOption {
  id: number;
  name: string;
  /** A second line, such as an email or a price. */
  detail?: string;
}

/** The query that finds the matches of a search term. */
export type SearchQuery<Option> = (term: string) => {
  queryKey: QueryKey;
  queryFn: () => Promise<Option[]>;
};

interface SearchComboboxProps<Option extends ComboboxOption> {
  /** The input's id, for an outside <label htmlFor>. */
  inputId?: string;
  /** The input, for the caller to give it the focus. */
  inputRef?: Ref<HTMLInputElement>;
  /** The accessible name when no outside label names the input. */
  ariaLabel?: string;
  placeholder: string;
  searchQuery: SearchQuery<Option>;
  onPick: (option: Option) => void;
  /** Ids already chosen: they are listed as such and cannot be picked again. */
  chosenIds?: number[];
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
  /** Take the focus when shown, as when changing a choice. */
  autoFocus?: boolean;
}

/**
 * A search box with a list of matches from the server: type to search, arrows to move, Enter or a
 * click to pick, Escape to close.
 */
export function SearchCombobox<Option extends ComboboxOption>({
  inputId,
  inputRef,
  ariaLabel,
  placeholder,
  searchQuery,
  onPick,
  chosenIds = [],
  disabled,
  invalid,
  describedBy,
  autoFocus,
}: SearchComboboxProps<Option>) {
  const listId = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const term = useDebouncedValue(text.trim(), 250);
  const results = useQuery({
    ...searchQuery(term),
    enabled: open,
    placeholderData: keepPreviousData,
  });
  // The matches of what is typed now, not of an earlier term.
  const current = !results.isPending && !results.isPlaceholderData && term === text.trim();
  const options = results.data ?? [];
  const activeIndex = Math.min(active, Math.max(0, options.length - 1));

  function pick(option: Option) {
    if (chosenIds.includes(option.id)) return;
    onPick(option);
    setText("");
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) setOpen(true);
      else setActive(Math.min(activeIndex + 1, options.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive(Math.max(activeIndex - 1, 0));
    } else if (event.key === "Enter") {
      if (!open) return;
      event.preventDefault();
      if (current && options[activeIndex]) pick(options[activeIndex]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  }

  const optionId = (index: number) => `${listId}-option-${index}`;
  const expanded = open && !disabled;

  return (
    <div className="combobox">
      <input
        ref={inputRef}
        id={inputId}
        type="text"
        role="combobox"
        aria-label={ariaLabel}
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={
          expanded && current && options.length ? optionId(activeIndex) : undefined
        }
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        autoFocus={autoFocus}
        placeholder={placeholder}
        value={text}
        disabled={disabled}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {expanded && (
        <ul
          id={listId}
          role="listbox"
          aria-label={ariaLabel ?? placeholder}
          className="combobox-list"
          // Keep the focus in the input while an option is clicked.
          onMouseDown={(event) => event.preventDefault()}
        >
          {!current ? (
            <li className="combobox-status">Searching…</li>
          ) : results.error ? (
            <li className="combobox-status combobox-error">{errorMessage(results.error)}</li>
          ) : options.length === 0 ? (
            <li className="combobox-status">No matches</li>
          ) : (
            options.map((option, index) => {
              const chosen = chosenIds.includes(option.id);
              return (
                <li
                  key={option.id}
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === activeIndex}
                  aria-disabled={chosen || undefined}
                  className={index === activeIndex ? "combobox-option active" : "combobox-option"}
                  onMouseEnter={() => setActive(index)}
                  onClick={() => pick(option)}
                >
                  <span className="combobox-name">{option.name}</span>
                  {chosen ? (
                    <span className="combobox-detail">Chosen</span>
                  ) : (
                    option.detail && <span className="combobox-detail">{option.detail}</span>
                  )}
                </li>
              );
            })
          )}
        </ul>
      )}
    </div>
  );
}
