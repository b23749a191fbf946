import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { DragEvent } from "react";
import { flushSync } from "react-dom";
import { useForm, useWatch } from "react-hook-form";
import { useLocation, useNavigate } from "react-router-dom";
import { ApiError, formTemplates } from "../api/client";
import type { FieldDefinition, FieldTypeInfo, FormTemplate, FormType } from "../api/client";
import { ErrorAlert } from "../components/ErrorAlert";
import { SelectField, TextField } from "../components/Field";
import { PageHeader } from "../components/PageHeader";
import { useServerValidation } from "../components/useServerValidation";
import { formTemplateQueryOptions } from "../forms/queries";
import { FormRenderer } from "../form-fields/FormRenderer";
import { initialValues } from "../form-fields/values";
import type { FieldValue, FormValues } from "../form-fields/values";
import { Tabs } from "../components/Tabs";
import {
  addField,
  canMove,
  draftFromSections,
  moveField,
  moveFieldTo,
  moveSection,
  newField,
  newSection,
  removeField,
  removeSection,
  renameSection,
  toSections,
  updateField,
} from "./builderState";
import type { DraftSection } from "./builderState";
import { placeTemplateProblems } from "./templateProblems";
import type { BuilderErrors } from "./templateProblems";
import { FieldEditor } from "./FieldEditor";

type DropIndicator = { fieldKey: string; position: "before" | "after" } | { sectionKey: string };

const TABS = [
  { id: "build", label: "Build" },
  { id: "preview", label: "Preview" },
] as const;

function dropPosition(event: DragEvent<HTMLElement>): "before" | "after" {
  const rect = event.currentTarget.getBoundingClientRect();
  return event.clientY < rect.top + rect.height / 2 ? "before" : "after";
}

function lockAll(sections: DraftSection[]): DraftSection[] {
  return sections.map((section) => ({
    ...section,
    locked: true,
    fields: section.fields.map((field) => ({ ...field, locked: true })),
  }));
}

/** The settings above the sections; the sections themselves are the builder's own state. */
interface Settings {
  name: string;
  formTypeId: number | "";
}

interface Draft extends Settings {
  sections: DraftSection[];
}

interface TemplateEditorProps {
  fieldTypes: FieldTypeInfo[];
  formTypes: FormType[];
  /** The template being edited, as loaded; null for a new one. */
  template: FormTemplate | null;
}

const NO_ERRORS: BuilderErrors = { form: {}, sections: {}, fields: {} };

/** The builder itself, once its data has loaded. */
export function TemplateEditor({ fieldTypes, formTypes, template: loaded }: TemplateEditorProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [template, setTemplate] = useState<FormTemplate | null>(loaded);
  const defaultType = formTypes.find((type) => type.key === "po") ?? formTypes[0];
  const settings = useForm<Settings>({
    defaultValues: {
      name: loaded?.name ?? "",
      formTypeId: loaded?.form_type.id ?? defaultType?.id ?? "",
    },
  });
  const { name, formTypeId } = useWatch({ control: settings.control });
  const [sections, setSections] = useState<DraftSection[]>(() =>
    loaded ? draftFromSections(loaded.version.sections) : [newSection([])],
  );
  const [currentSection, setCurrentSection] = useState<string | null>(null);
  const [tab, setTab] = useState<"build" | "preview">("build");
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string>(
    (location.state as { notice?: string } | null)?.notice ?? "",
  );
  const [previewValues, setPreviewValues] = useState<FormValues>({});
  const [indicator, setIndicator] = useState<DropIndicator | null>(null);
  const [focusField, setFocusField] = useState<string | null>(null);
  const dragging = useRef<string | null>(null);

  const draft = useMemo(
    () => ({ name: name ?? "", formTypeId: formTypeId ?? "", sections }),
    [name, formTypeId, sections],
  );
  const templateId = template?.id;
  const toBody = useCallback(
    (checked: Draft) => ({
      id: templateId,
      name: checked.name,
      form_type: checked.formTypeId === "" ? null : checked.formTypeId,
      sections: toSections(checked.sections),
    }),
    [templateId],
  );
  const { checked, checkNow } = useServerValidation({
    path: "/api/form-templates/validate/",
    input: draft,
    toBody,
    enabled: attempted,
  });
  const errors: BuilderErrors = checked
    ? placeTemplateProblems(checked.problems, checked.input.sections)
    : NO_ERRORS;

  const typeLabels = useMemo(
    () => Object.fromEntries(fieldTypes.map((type) => [type.key, type.label])),
    [fieldTypes],
  );
  const targetSection =
    sections.find((section) => section.key === currentSection) ?? sections[sections.length - 1];

  useEffect(() => {
    if (!focusField) return;
    document
      .querySelector<HTMLInputElement>(`[data-field-key="${focusField}"] .builder-field-body input`)
      ?.focus();
  }, [focusField]);

  const onFieldChange = useCallback((key: string, changes: Partial<FieldDefinition>) => {
    setSections((previous) => updateField(previous, key, changes));
  }, []);
  const onFieldMove = useCallback((key: string, direction: -1 | 1) => {
    setSections((previous) => moveField(previous, key, direction));
  }, []);
  const onFieldRemove = useCallback((key: string) => {
    setSections((previous) => removeField(previous, key));
  }, []);

  const onDragStart = useCallback((key: string, event: DragEvent<HTMLElement>) => {
    dragging.current = key;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", key);
    const card = event.currentTarget.closest("li");
    if (card) event.dataTransfer.setDragImage(card, 16, 16);
  }, []);
  const onDragEnd = useCallback(() => {
    dragging.current = null;
    setIndicator(null);
  }, []);
  const onFieldDragOver = useCallback((key: string, event: DragEvent<HTMLElement>) => {
    if (!dragging.current) return;
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = "move";
    const position = dropPosition(event);
    setIndicator((previous) =>
      previous &&
      "fieldKey" in previous &&
      previous.fieldKey === key &&
      previous.position === position
        ? previous
        : { fieldKey: key, position },
    );
  }, []);
  const onFieldDrop = useCallback((key: string, event: DragEvent<HTMLElement>) => {
    const moving = dragging.current;
    if (!moving) return;
    event.preventDefault();
    event.stopPropagation();
    const position = dropPosition(event);
    dragging.current = null;
    setIndicator(null);
    if (moving === key) return;
    setSections((previous) => {
      const section = previous.find((s) => s.fields.some((field) => field.key === key));
      if (!section) return previous;
      const index = section.fields.findIndex((field) => field.key === key);
      return moveFieldTo(previous, moving, section.key, position === "before" ? index : index + 1);
    });
  }, []);

  function onSectionDragOver(sectionKey: string, event: DragEvent<HTMLElement>) {
    if (!dragging.current) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!(indicator && "sectionKey" in indicator && indicator.sectionKey === sectionKey)) {
      setIndicator({ sectionKey });
    }
  }

  function onSectionDrop(sectionKey: string, event: DragEvent<HTMLElement>) {
    const moving = dragging.current;
    if (!moving) return;
    event.preventDefault();
    dragging.current = null;
    setIndicator(null);
    setSections((previous) => {
      const section = previous.find((s) => s.key === sectionKey);
      return section ? moveFieldTo(previous, moving, sectionKey, section.fields.length) : previous;
    });
  }

  function addFieldOfType(type: FieldTypeInfo) {
    let target = targetSection;
    let next = sections;
    if (!target) {
      target = newSection([]);
      next = [target];
    }
    const field = newField(type, next);
    setSections(addField(next, target.key, field));
    setCurrentSection(target.key);
    setFocusField(field.key);
  }

  function onAddSection() {
    const section = newSection(sections);
    setSections([...sections, section]);
    setCurrentSection(section.key);
  }

  async function save() {
    setNotice("");
    setError(null);
    setAttempted(true);
    setSaving(true);
    try {
      if (!(await checkAndFocus())) return;
      const input = {
        name: draft.name.trim(),
        form_type: Number(draft.formTypeId),
        sections: toSections(sections),
      };
      const saved = template
        ? await formTemplates.update(template.id, input)
        : await formTemplates.create(input);
      remember(saved);
      const message = `Saved — version ${saved.version.number}`;
      if (!template) {
        navigate(`/forms/${saved.id}/edit`, { replace: true, state: { notice: message } });
        return;
      }
      setTemplate(saved);
      setSections((previous) => lockAll(previous));
      setNotice(message);
    } catch (caught) {
      setError(caught);
      // Something changed since the check (a name taken meanwhile): check again to show where.
      if (caught instanceof ApiError && caught.status === 400) checkAndFocus().catch(setError);
    } finally {
      setSaving(false);
    }
  }

  /** Checks the draft now; true when the server found nothing, else the first error takes the
   * focus, on the Build tab where every error shows. */
  async function checkAndFocus(): Promise<boolean> {
    const { problems } = await checkNow(draft);
    if (!problems.length) return true;
    flushSync(() => setTab("build"));
    document.querySelector<HTMLElement>('main [aria-invalid="true"]')?.focus();
    return false;
  }

  /** The saved template, for the pages that show it: its lists, the submit page, the workflow. */
  function remember(saved: FormTemplate) {
    queryClient.setQueryData(formTemplateQueryOptions(saved.id).queryKey, saved);
    void queryClient.invalidateQueries({ queryKey: ["form-templates", "list"] });
  }

  async function setActive(active: boolean) {
    if (!template) return;
    setNotice("");
    setError(null);
    setSaving(true);
    try {
      const saved = active
        ? await formTemplates.restore(template.id)
        : await formTemplates.archive(template.id);
      remember(saved);
      setTemplate(saved);
      setNotice(active ? "Form unarchived: people can fill it out again." : "Form archived.");
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const previewSections = useMemo(() => toSections(sections), [sections]);
  const onPreviewChange = useCallback((fieldId: string, value: FieldValue) => {
    setPreviewValues((previous) => ({ ...previous, [fieldId]: value }));
  }, []);
  const formErrors = errors.form;

  return (
    <>
      <PageHeader
        title={template ? "Edit form" : "New form"}
        description={
          template ? (
            <>
              {template.name} · version {template.version.number} ·{" "}
              <span className={template.active ? "badge badge-success" : "badge badge-muted"}>
                {template.active ? "Active" : "Archived"}
              </span>
            </>
          ) : (
            "Lay out the sections and fields people fill in."
          )
        }
        actions={
          <>
            {template && (
              <button
                type="button"
                className="button"
                onClick={() => setActive(!template.active)}
                disabled={saving}
              >
                {template.active ? "Archive" : "Unarchive"}
              </button>
            )}
            <button
              type="button"
              className="button button-primary"
              onClick={save}
              disabled={saving}
            >
              {saving ? "Saving…" : "Save"}
            </button>
          </>
        }
      />
      <p className="notice" role="status">
        {notice}
      </p>
      <ErrorAlert error={error} title="Could not save the form." onDismiss={() => setError(null)} />
      <div className="card builder-settings">
        <div className="field-row">
          <TextField
            label="Name"
            maxLength={200}
            required
            errors={formErrors.name}
            {...settings.register("name")}
          />
          <SelectField
            label="Form type"
            errors={formErrors.form_type}
            {...settings.register("formTypeId", {
              setValueAs: (value: string) => (value === "" ? "" : Number(value)),
            })}
          >
            {formTypeId === "" && <option value="">Choose…</option>}
            {formTypes.map((type) => (
              <option key={type.id} value={type.id}>
                {type.name}
              </option>
            ))}
          </SelectField>
        </div>
        {formErrors.sections && (
          <ul className="field-errors">
            {formErrors.sections.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
      </div>
      <Tabs tabs={TABS} selected={tab} onSelect={setTab} label="Form builder">
        {tab === "build" ? (
          <div className="builder-layout">
            <aside className="card palette" aria-labelledby="palette-title">
              <h2 id="palette-title">Add a field</h2>
              <p className="muted palette-target">
                To{" "}
                {targetSection ? `“${targetSection.title || "Untitled section"}”` : "a new section"}
              </p>
              <ul className="palette-list" aria-label="Field types">
                {fieldTypes.map((type) => (
                  <li key={type.key}>
                    <button
                      type="button"
                      className="palette-item"
                      onClick={() => addFieldOfType(type)}
                    >
                      <span className="palette-icon" aria-hidden="true">
                        {FIELD_ICONS[type.key] ?? "□"}
                      </span>
                      {type.label}
                    </button>
                  </li>
                ))}
              </ul>
            </aside>
            <div className="builder-sections">
              {sections.map((section, sectionIndex) => {
                const sectionErrors = errors.sections[section.key] ?? {};
                const title = section.title.trim() || "Untitled section";
                const isCurrent = section.key === targetSection?.key;
                return (
                  <section
                    key={section.key}
                    className={isCurrent ? "card builder-section current" : "card builder-section"}
                    aria-label={`Section: ${title}`}
                    onFocusCapture={() => setCurrentSection(section.key)}
                    onMouseDown={() => setCurrentSection(section.key)}
                  >
                    <div className="builder-section-header">
                      <TextField
                        label="Section title"
                        value={section.title}
                        maxLength={200}
                        errors={[...(sectionErrors.title ?? []), ...(sectionErrors[""] ?? [])]}
                        onChange={(event) =>
                          setSections(renameSection(sections, section.key, event.target.value))
                        }
                      />
                      <div className="builder-section-actions">
                        <button
                          type="button"
                          className="button button-small button-ghost"
                          aria-label={`Move section ${title} up`}
                          title="Move section up"
                          disabled={sectionIndex === 0}
                          onClick={() => setSections(moveSection(sections, section.key, -1))}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          className="button button-small button-ghost"
                          aria-label={`Move section ${title} down`}
                          title="Move section down"
                          disabled={sectionIndex === sections.length - 1}
                          onClick={() => setSections(moveSection(sections, section.key, 1))}
                        >
                          ↓
                        </button>
                        <button
                          type="button"
                          className="button button-small button-ghost button-danger"
                          aria-label={`Remove section ${title}`}
                          disabled={sections.length === 1}
                          onClick={() => setSections(removeSection(sections, section.key))}
                        >
                          Remove section
                        </button>
                      </div>
                    </div>
                    {sectionErrors.fields && (
                      <ul className="field-errors">
                        {sectionErrors.fields.map((message) => (
                          <li key={message}>{message}</li>
                        ))}
                      </ul>
                    )}
                    <ol
                      className={
                        indicator &&
                        "sectionKey" in indicator &&
                        indicator.sectionKey === section.key
                          ? "builder-fields drop-end"
                          : "builder-fields"
                      }
                      aria-label={`Fields of ${title}`}
                      onDragOver={(event) => onSectionDragOver(section.key, event)}
                      onDrop={(event) => onSectionDrop(section.key, event)}
                    >
                      {section.fields.map((field) => (
                        <FieldEditor
                          key={field.key}
                          field={field}
                          typeLabel={typeLabels[field.definition.type] ?? field.definition.type}
                          errors={errors.fields[field.key]}
                          canMoveUp={canMove(sections, field.key, -1)}
                          canMoveDown={canMove(sections, field.key, 1)}
                          dropIndicator={
                            indicator && "fieldKey" in indicator && indicator.fieldKey === field.key
                              ? indicator.position
                              : null
                          }
                          onChange={onFieldChange}
                          onMove={onFieldMove}
                          onRemove={onFieldRemove}
                          onDragStart={onDragStart}
                          onDragEnd={onDragEnd}
                          onDragOver={onFieldDragOver}
                          onDrop={onFieldDrop}
                        />
                      ))}
                      {section.fields.length === 0 && (
                        <li className="builder-fields-empty">
                          No fields yet: pick a type under “Add a field”, or drag a field here.
                        </li>
                      )}
                    </ol>
                  </section>
                );
              })}
              <button type="button" className="button" onClick={onAddSection}>
                Add section
              </button>
            </div>
          </div>
        ) : (
          <div className="card form-card preview">
            <p className="preview-banner">Preview: this is the form as people will fill it in.</p>
            <FormRenderer
              sections={previewSections}
              values={{ ...initialValues(previewSections), ...previewValues }}
              errors={{}}
              onChange={onPreviewChange}
            />
            <div className="form-actions">
              <button type="button" className="button button-primary" disabled>
                Submit
              </button>
            </div>
          </div>
        )}
      </Tabs>
    </>
  );
}

const FIELD_ICONS: Record<string, string> = {
  text: "T",
  long_text: "¶",
  number: "#",
  currency: "$",
  date: "▦",
  yes_no: "✓",
  dropdown: "▾",
  choose: "◎",
  materials_table: "☰",
};
