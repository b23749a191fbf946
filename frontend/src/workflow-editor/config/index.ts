// Each step type's settings component registers itself when its module is imported here.
import "./ApprovalConfig";
import "./ConditionConfig";
import "./SendEmailConfig";
import "./UpdateStatusConfig";
import "./SyncQuickBooksConfig";
