import type {
  FieldTypeInfo,
  FormSection,
  FormTemplate,
  FormType,
  Material,
  Submission,
  TimelineEvent,
  Vendor,
} from "../api/client";

export const PO_TYPE: FormType = {
  id: 1,
  key: "po",
  name: "Purchase Order",
  is_system: true,
  number_prefix: "PO-",
  next_number: 1001,
};

export const PO_SECTIONS: FormSection[] = [
  {
    id: "order",
    title: "Purchase order",
    fields: [
      { id: "vendor", type: "choose", label: "Vendor", help_text: "", required: true, source: "vendors", multiple: false },
      { id: "materials", type: "materials_table", label: "Materials", help_text: "", required: true, allow_free_text: true },
      { id: "memo", type: "long_text", label: "Memo", help_text: "", required: false, max_length: 5000 },
      { id: "due_date", type: "date", label: "Due Date", help_text: "", required: false },
    ],
  },
]; // prettier-ignore

export function makeTemplate(overrides: Partial<FormTemplate> = {}): FormTemplate {
  return {
    id: 3,
    name: "Purchase Order",
    form_type: PO_TYPE,
    active: true,
    updated_at: "2026-01-01T00:00:00Z",
    version: { id: 30, number: 1, sections: PO_SECTIONS, created_at: "2026-01-01T00:00:00Z" },
    ...overrides,
  };
}

export const FIELD_TYPES: FieldTypeInfo[] = [
  { key: "text", label: "Text", settings: { max_length: 255 } },
  { key: "long_text", label: "Long text", settings: { max_length: 5000 } },
  { key: "number", label: "Number", settings: { min: null, max: null } },
  { key: "currency", label: "Currency", settings: { min: null, max: null } },
  { key: "date", label: "Date", settings: {} },
  { key: "yes_no", label: "Yes/No", settings: {} },
  { key: "dropdown", label: "Dropdown", settings: { options: [] } },
  { key: "choose", label: "Choose one or more", settings: { source: "vendors", multiple: false } },
  { key: "materials_table", label: "Materials table", settings: { allow_free_text: true } },
];

export function makeMaterial(overrides: Partial<Material> = {}): Material {
  return {
    id: 11,
    name: "2x4 Stud 8ft",
    description: "Kiln-dried SPF stud",
    unit: "each",
    unit_cost: "4.25",
    active: true,
    updated_at: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

export function makeVendor(overrides: Partial<Vendor> = {}): Vendor {
  return {
    id: 21,
    name: "Cascade Lumber",
    email: "orders@cascade.example",
    phone: "",
    address: "",
    active: true,
    updated_at: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

export function makeSubmission(overrides: Partial<Submission> = {}): Submission {
  return {
    id: 41,
    number: "PO-1001",
    template: { id: 3, name: "Purchase Order", version: 1 },
    form_type: "Purchase Order",
    status: "Submitted",
    submitted_by: { id: 2, display_name: "Morgan Member" },
    submitted_at: "2026-03-02T15:04:00Z",
    run: null,
    reports: [],
    revisions: 0,
    revise: { allowed: true, reason: "" },
    sections: PO_SECTIONS,
    data: {
      vendor: [{ id: 21, name: "Cascade Lumber" }],
      materials: [
        { material_id: 11, name: "2x4 Stud 8ft", description: "Kiln-dried SPF stud", quantity: "10", unit: "each", unit_cost: "4.25", amount: "42.50" },
        { material_id: null, name: "Rebar chairs 3in", description: "", quantity: "200", unit: "each", unit_cost: "0.35", amount: "70.00" },
      ],
      memo: "Deliver to the east gate.",
      due_date: "2026-12-04",
    },
    ...overrides,
  }; // prettier-ignore
}

export function makeEvent(overrides: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    id: 1,
    at: "2026-03-02T15:04:00Z",
    kind: "submitted",
    kind_label: "Submitted",
    tone: "info",
    icon: "✉",
    actor: { id: 2, display_name: "Morgan Member" },
    message: "Submitted by Morgan Member",
    data: {},
    step_run: null,
    advice: null,
    error: "",
    ...overrides,
  };
}

/** A submission's run overview when its form has no published workflow. */
export const NO_RUN = { run: null, steps: [], actions: [], retry: null, can_cancel: false };
