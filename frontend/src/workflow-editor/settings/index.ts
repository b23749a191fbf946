// The widgets and panels for what a settings schema cannot describe, by the names step types use.
import { PeopleWidget } from "./PeopleWidget";
import { PurchaseOrderPreview } from "./PurchaseOrderPreview";
import { registerSettingWidget, registerSettingsPanel } from "./widgets";

registerSettingWidget("people", PeopleWidget);
registerSettingsPanel("purchase_order_preview", PurchaseOrderPreview);
