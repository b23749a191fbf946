"""Intuit's fault shapes and error codes, as the Accounting API answers them in JSON."""

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

INACTIVE_DETAIL = (
    "Something you're trying to use has been made inactive. "
    "Check the fields with accounts, customers, items, vendors or employees."
)


def intuit_time() -> str:
    """The `time` stamp Intuit puts on every response, with milliseconds and an offset."""
    return timezone.localtime().isoformat(timespec="milliseconds")


@dataclass(eq=False)
class SandboxFault(Exception):
    """A fault the sandbox answers in Intuit's `{"Fault": {"Error": [...]}}` shape."""

    code: str
    message: str
    detail: str = ""
    element: str = ""
    fault_type: str = "ValidationFault"
    status: int = 400
    extra_errors: list["SandboxFault"] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(f"{self.code} {self.message}: {self.detail}")

    def as_error(self) -> dict[str, str]:
        return {
            "Message": self.message,
            "Detail": self.detail,
            "code": self.code,
            "element": self.element,
        }

    def as_fault(self) -> dict[str, Any]:
        errors = [self.as_error()] + [extra.as_error() for extra in self.extra_errors]
        return {"Error": errors, "type": self.fault_type}

    def as_body(self) -> dict[str, Any]:
        return {"Fault": self.as_fault(), "time": intuit_time()}


def required_missing(parameter: str) -> SandboxFault:
    return SandboxFault(
        code="2020",
        message="Required param missing, need to supply the required value for the API",
        detail=f"Required parameter {parameter} is missing in the request",
        element=parameter,
    )


def invalid_reference(entity_type: str, qbo_id: str, element: str) -> SandboxFault:
    return SandboxFault(
        code="2500",
        message="Invalid Reference Id",
        detail=f"Invalid Reference Id : {entity_type} assigned to this transaction does not "
        f"exist (Id={qbo_id}).",
        element=element,
    )


def object_not_found(element: str = "") -> SandboxFault:
    return SandboxFault(
        code="610",
        message="Object Not Found",
        detail=f"Object Not Found : {INACTIVE_DETAIL}",
        element=element,
    )


def duplicate_name(existing_id: str) -> SandboxFault:
    return SandboxFault(
        code="6240",
        message="Duplicate Name Exists Error",
        detail=f"The name supplied already exists. : Id={existing_id}",
    )


def duplicate_document_number(doc_number: str, entity_type: str, existing_id: str) -> SandboxFault:
    return SandboxFault(
        code="6140",
        message="Duplicate Document Number Error",
        detail="Duplicate Document Number Error : You must specify a different number. This "
        f"number has already been used. DocNumber={doc_number} is assigned to "
        f"TxnType={entity_type} with TxnId={existing_id}",
    )


def stale_object() -> SandboxFault:
    return SandboxFault(
        code="5010",
        message="Stale Object Error",
        detail="Stale Object Error : You and another user were working on this at the same time. "
        "The other user finished before you did, so your work was not saved.",
    )


def invalid_value(element: str, reason: str) -> SandboxFault:
    return SandboxFault(
        code="2050",
        message="Invalid or unsupported value",
        detail=f"Invalid value for {element}: {reason}",
        element=element,
    )


def malformed_request(reason: str) -> SandboxFault:
    return SandboxFault(
        code="2010",
        message="Request has invalid or unsupported property",
        detail=f"Property Name:{reason}; a property specified is unsupported or invalid",
    )


def unsupported_property(name: str, class_name: str) -> SandboxFault:
    """A property the entity does not have, refused as Intuit's deserializer refuses it."""
    return SandboxFault(
        code="2010",
        message="Request has invalid or unsupported property",
        detail=f'Property Name:Unrecognized field "{name}" (class '
        f"com.intuit.schema.finance.v3.{class_name}), not marked as ignorable specified is "
        "unsupported or invalid",
    )


def query_parse_error(reason: str) -> SandboxFault:
    return SandboxFault(
        code="4000", message="Error parsing query", detail=f"QueryParserError: {reason}"
    )


def query_invalid(reason: str) -> SandboxFault:
    return SandboxFault(
        code="4001", message="Invalid query", detail=f"QueryValidationError: {reason}"
    )


def unsupported_operation(path: str) -> SandboxFault:
    return SandboxFault(
        code="500",
        message="Unsupported Operation",
        detail=f"Operation {path} is not supported.",
    )


def business_validation(detail: str) -> SandboxFault:
    return SandboxFault(
        code="6000",
        message="A business validation error has occurred while processing your request",
        detail=f"Business Validation Error: {detail}",
    )


def authentication_failed(detail: str) -> SandboxFault:
    return SandboxFault(
        code="3200",
        message="message=AuthenticationFailed; errorCode=003200; statusCode=401",
        detail=detail,
        fault_type="AUTHENTICATION",
        status=401,
    )


def authorization_failed(detail: str) -> SandboxFault:
    return SandboxFault(
        code="3100",
        message="message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403",
        detail=detail,
        fault_type="AUTHORIZATION",
        status=403,
    )


def throttled() -> SandboxFault:
    return SandboxFault(
        code="3001",
        message="message=ThrottleExceeded; errorCode=003001; statusCode=429",
        detail="The request limit was reached.  Try again later",
        fault_type="SERVICE",
        status=429,
    )


def system_failure(detail: str = "An unexpected error occurred.") -> SandboxFault:
    return SandboxFault(
        code="10000",
        message="An application error has occurred while processing your request",
        detail=f"System Failure Error: {detail}",
        fault_type="SystemFault",
        status=500,
    )
